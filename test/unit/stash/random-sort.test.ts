import { describe, expect, it } from 'vitest';
import {
  parseRandomSeed,
  randomSortKey,
  randomSortKeyExact,
  sqlAdd,
  sqlMod,
  sqlMul,
} from '../../../test/standin/random-sort.js';

describe("Stash's random_<seed> order: mod((id+s)*(id+s)*52959209 + (id+s)*1047483763, 2147483647)", () => {
  it('matches a hand-computed small case (seed 12345, all in int64)', () => {
    // x = id + 12345; x*x*52959209 + x*1047483763 stays below 2^63, so it is exact integer math:
    // id 1: x = 12346 -> 12346^2 * 52959209 + 12346 * 1047483763 = 8072239432200644 + 12932234537998
    //       = 8085171666738642 -> mod 2147483647 = 962482345
    expect(randomSortKey(1, 12345n)).toBe(962482345);
    for (let id = 1; id <= 50; id++) {
      const x = BigInt(id) + 12345n;
      expect(randomSortKey(id, 12345n)).toBe(Number((x * x * 52959209n + x * 1047483763n) % 2147483647n));
    }
  });

  it('reduces the seed modulo 1e8 first', () => {
    expect(randomSortKey(7, 100_012_345n)).toBe(randomSortKey(7, 12345n));
    expect(randomSortKey(7, 18446744073709551615n)).toBe(
      randomSortKey(7, 18446744073709551615n % 100_000_000n),
    );
  });

  it('falls back to float64 like SQLite once (id+s)^2 * 52959209 overflows int64', () => {
    // seed 99999999, id 1: x = 10^8. x*x*52959209 = 5.2959209e23 > 2^63 -> SQLite redoes that
    // multiplication in doubles; the sum is a double; mod() is fmod on doubles. Checked with Python:
    //   math.fmod(float(10**16) * 52959209.0 + float(10**8 * 1047483763), 2147483647.0) == 1815523448.0
    expect(randomSortKey(1, 99_999_999n)).toBe(1815523448);
    // Exact 128-bit integer math would give a different key (and a different order):
    const exact = Number((10n ** 16n * 52959209n + 10n ** 8n * 1047483763n) % 2147483647n);
    expect(exact).toBe(1846068088);
  });

  it('the fast path agrees with the operation-by-operation SQLite emulation', () => {
    for (const seed of [0n, 1n, 12345n, 417_000n, 94_906_265n, 99_999_999n, 123_456_789_012n]) {
      for (let id = 1; id < 200_000; id += 997)
        expect(randomSortKey(id, seed)).toBe(randomSortKeyExact(id, seed));
    }
  });

  it('puts the fixture scenes 42 before 31 (real Stash, seed 12345, direction ASC)', () => {
    expect(randomSortKey(42, 12345n)).toBeLessThan(randomSortKey(31, 12345n));
  });

  it('emulates SQLite integer/real arithmetic', () => {
    expect(sqlMul(3n, 4n)).toBe(12n);
    expect(sqlMul(1n << 62n, 4n)).toBe(2 ** 64);
    expect(sqlAdd((1n << 63n) - 1n, 1n)).toBe(2 ** 63);
    expect(sqlMod(7n, 3n)).toBe(1);
  });

  it('parses seeds like Go strconv.ParseUint(s, 10, 64)', () => {
    expect(parseRandomSeed('random_12345')).toBe(12345n);
    expect(parseRandomSeed('random_18446744073709551615')).toBe(18446744073709551615n);
    expect(parseRandomSeed('random_18446744073709551616')).toBeNull();
    expect(parseRandomSeed('random_-1')).toBeNull();
    expect(parseRandomSeed('random_abc')).toBeNull();
  });
});
