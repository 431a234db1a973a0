import { describe, expect, it } from 'vitest';
import { formatPhash, hammingDistance, parsePhash } from '../../../src/phash/phash-hex.js';

describe('formatPhash', () => {
  it('prints lowercase hex without 0x or zero padding (strconv.FormatUint(v, 16))', () => {
    expect(formatPhash(0xf8fcfcfcf8e00100n)).toBe('f8fcfcfcf8e00100');
    expect(formatPhash(0x0123456789abcdefn)).toBe('123456789abcdef');
    expect(formatPhash(0x00000000000000a1n)).toBe('a1');
    expect(formatPhash(0n)).toBe('0');
  });

  it('prints a signed int64 (as Stash stores it) as its unsigned bit pattern', () => {
    expect(formatPhash(-1n)).toBe('ffffffffffffffff');
    expect(formatPhash(-0x7000000000000000n)).toBe('9000000000000000');
  });
});

describe('parsePhash', () => {
  it('round-trips with formatPhash, including hashes shorter than 16 digits', () => {
    for (const h of [
      0n,
      1n,
      0x0123456789abcdefn,
      0x8000000000000000n,
      0xffffffffffffffffn,
      0x00ff00ff00ff00ffn,
    ]) {
      expect(parsePhash(formatPhash(h))).toBe(h);
    }
  });

  it('accepts either case and optional zero padding', () => {
    expect(parsePhash('ABCDEF0123456789')).toBe(0xabcdef0123456789n);
    expect(parsePhash('00000000000000a1')).toBe(0xa1n);
    expect(parsePhash('A1')).toBe(0xa1n);
  });

  it('rejects 0x, signs, whitespace, junk and more than 16 digits', () => {
    for (const bad of ['0x1234', '0X1234', '', '-1', '+1', ' 12', '12 ', 'g0', '1_0', '12345678901234567']) {
      expect(() => parsePhash(bad), bad).toThrow(Error);
    }
  });
});

describe('hammingDistance', () => {
  it('counts differing bits over 64 bits', () => {
    expect(hammingDistance(0n, 0n)).toBe(0);
    expect(hammingDistance(0b1011n, 0b0001n)).toBe(2);
    expect(hammingDistance(0n, 0xffffffffffffffffn)).toBe(64);
    expect(hammingDistance(0x8000000000000000n, 1n)).toBe(2);
    expect(hammingDistance(-1n, 0n)).toBe(64);
  });
});
