import { describe, expect, it } from 'vitest';
import { dct1d64, dct2d64, goCosTable, leeDct } from '../../../src/phash/lee-dct.js';

// Seeded so a failure reproduces (mulberry32).
function rng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// The definition, X[k] = Σ x[n]·cos(π(n+½)k/N), summed directly.
function directDct(x: Float64Array): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let s = 0;
    for (let i = 0; i < n; i++) s += (x[i] as number) * Math.cos((Math.PI * (i + 0.5) * k) / n);
    out[k] = s;
  }
  return out;
}

function bits(x: number): bigint {
  const v = new DataView(new ArrayBuffer(8));
  v.setFloat64(0, x);
  return v.getBigUint64(0);
}

describe('Go cos tables', () => {
  // From the spec (§1.6c): where Node 20's Math.cos differs from Go's math.Cos by one ulp.
  const differs: Record<number, number[]> = {
    64: [0, 2, 7, 10, 18, 19, 20, 21, 23, 25, 31],
    32: [2, 7, 10, 15],
    16: [0, 4, 6],
    8: [1, 3],
    4: [],
    2: [],
  };

  it('has 63 entries, 20 of them one ulp away from Math.cos and the rest identical', () => {
    let total = 0;
    let oneUlp = 0;
    for (const [size, expected] of Object.entries(differs)) {
      const n = Number(size);
      const table = goCosTable(n);
      expect(table.length).toBe(n / 2);
      for (let i = 0; i < n / 2; i++) {
        total++;
        const go = bits(table[i] as number);
        const js = bits(Math.cos(((i + 0.5) * Math.PI) / n) * 2);
        if (expected.includes(i)) {
          oneUlp++;
          expect(go === js + 1n || go === js - 1n, `N=${n} i=${i} should be one ulp off`).toBe(true);
        } else {
          expect(go, `N=${n} i=${i} should equal Math.cos`).toBe(js);
        }
      }
    }
    expect(total).toBe(63);
    expect(oneUlp).toBe(20);
  });

  it('holds 2·cos((i+½)π/N) to double precision', () => {
    for (const n of [64, 32, 16, 8, 4, 2]) {
      goCosTable(n).forEach((v, i) => expect(v).toBeCloseTo(2 * Math.cos(((i + 0.5) * Math.PI) / n), 15));
    }
    expect(goCosTable(2)[0]).toBe(Math.SQRT2);
  });
});

describe('dct1d64', () => {
  it('equals the direct sum on random input', () => {
    const random = rng(42);
    for (let trial = 0; trial < 20; trial++) {
      const x = Float64Array.from({ length: 64 }, () => random() * 510 - 255);
      const want = directDct(x);
      const got = x.slice();
      dct1d64(got);
      const scale = x.reduce((s, v) => s + Math.abs(v), 0);
      got.forEach((v, k) => expect(Math.abs(v - (want[k] as number))).toBeLessThanOrEqual(1e-9 * scale));
    }
  });

  it('maps a constant to its DC alone, with every AC coefficient exactly 0', () => {
    const x = new Float64Array(64).fill(137.25);
    dct1d64(x);
    expect(x[0]).toBe(64 * 137.25);
    for (let k = 1; k < 64; k++) expect(x[k]).toBe(0);
  });

  it('puts a cosine basis vector into its own coefficient (N/2) and nowhere else', () => {
    for (const k0 of [1, 5, 31, 63]) {
      const x = Float64Array.from({ length: 64 }, (_, n) => Math.cos((Math.PI * (n + 0.5) * k0) / 64));
      dct1d64(x);
      x.forEach((v, k) => expect(v).toBeCloseTo(k === k0 ? 32 : 0, 9));
    }
  });
});

// goimagehash v1.1.0 transforms/dct.go forwardTransformStatic8 and forwardTransformStatic4,
// transcribed as unrolled there: the same steps as the generic recursion, written out.
function goStatic4(v: Float64Array, o: number, dct4: Float64Array, dct2: number): void {
  const x0 = v[o] as number;
  const y0 = v[o + 3] as number;
  const x1 = v[o + 1] as number;
  const y1 = v[o + 2] as number;
  let t0 = x0 + y0;
  let t1 = x1 + y1;
  let t2 = (x0 - y0) / (dct4[0] as number);
  let t3 = (x1 - y1) / (dct4[1] as number);
  let x = t0;
  let y = t1;
  t0 += t1;
  t1 = (x - y) / dct2;
  x = t2;
  y = t3;
  t2 += t3;
  t3 = (x - y) / dct2;
  v[o] = t0;
  v[o + 1] = t2 + t3;
  v[o + 2] = t1;
  v[o + 3] = t3;
}

function goStatic8(input: Float64Array): void {
  const dct8 = goCosTable(8);
  const dct4 = goCosTable(4);
  const dct2 = goCosTable(2)[0] as number;
  const t = new Float64Array(8);
  for (let i = 0; i < 4; i++) {
    const x = input[i] as number;
    const y = input[7 - i] as number;
    t[i] = x + y;
    t[i + 4] = (x - y) / (dct8[i] as number);
  }
  goStatic4(t, 0, dct4, dct2);
  goStatic4(t, 4, dct4, dct2);
  input.set([t[0]!, t[4]! + t[5]!, t[1]!, t[5]! + t[6]!, t[2]!, t[6]! + t[7]!, t[3]!, t[7]!]);
}

describe('leeDct', () => {
  it("is bit-identical to goimagehash's unrolled 8-point form (division by the table, same order)", () => {
    const random = rng(99);
    for (let trial = 0; trial < 2000; trial++) {
      const x = Float64Array.from({ length: 8 }, () => random() * 4000 - 2000);
      const want = x.slice();
      goStatic8(want);
      leeDct(x, 8);
      expect(Array.from(x)).toEqual(Array.from(want));
    }
  });
});

describe('dct2d64', () => {
  it('equals the separable direct sums on random input', () => {
    const random = rng(7);
    const img = Float64Array.from({ length: 4096 }, () => random() * 255);
    const want = img.slice();
    for (let r = 0; r < 64; r++) want.set(directDct(want.subarray(r * 64, r * 64 + 64)), r * 64);
    for (let c = 0; c < 64; c++) {
      const col = directDct(Float64Array.from({ length: 64 }, (_, j) => want[c + j * 64] as number));
      col.forEach((v, j) => (want[c + j * 64] = v));
    }
    const got = img.slice();
    dct2d64(got);
    const scale = img.reduce((s, v) => s + v, 0);
    got.forEach((v, i) => expect(Math.abs(v - (want[i] as number))).toBeLessThanOrEqual(1e-9 * scale));
  });

  it('gives a uniform block a DC of 4096·v and exactly zero AC', () => {
    const img = new Float64Array(4096).fill(99.5);
    dct2d64(img);
    expect(img[0]).toBe(4096 * 99.5);
    for (let i = 1; i < 4096; i++) expect(img[i]).toBe(0);
  });

  it('transforms rows (horizontal frequency j) and columns (vertical frequency i) into [i*64+j]', () => {
    // cos along x with frequency 3, along y with frequency 2 → coefficient row 2, column 3.
    const img = new Float64Array(4096);
    for (let y = 0; y < 64; y++) {
      for (let x = 0; x < 64; x++) {
        img[y * 64 + x] = Math.cos((Math.PI * (x + 0.5) * 3) / 64) * Math.cos((Math.PI * (y + 0.5) * 2) / 64);
      }
    }
    dct2d64(img);
    img.forEach((v, i) => expect(v).toBeCloseTo(i === 2 * 64 + 3 ? 1024 : 0, 8));
  });

  it('rejects a block that is not 64×64', () => {
    expect(() => dct2d64(new Float64Array(64))).toThrow(RangeError);
  });
});
