// Byeong Gi Lee's fast DCT-II (unscaled), operation for operation as goimagehash v1.1.0 runs it
// (transforms/dct.go DCT1DFast64 / DCT2DFast64 and the unrolled forwardTransformStatic8/4, which do the
// same steps in the same order). Near-tie hash bits depend on this exact rounding pattern, so neither a
// matrix DCT nor an orthonormal one will do.

// Go's math.Cos((i+0.5)*math.Pi/N)*2 as IEEE-754 bit patterns (transforms/static.go tables, produced
// by Go's pure-Go Cephes cos). V8's Math.cos differs from these by one ulp in 20 of the 63 entries,
// and dividing by a value one ulp off flips near-tie bits, so the tables are hard-coded.
// prettier-ignore
export const GO_COS_TABLE_HEX: Readonly<Record<number, readonly string[]>> = {
  64: [
    '3ffffd886084cd0c', '3fffe9cdad01883a', '3fffc26470e19fd4', '3fff8764fa714ba9',
    '3fff38f3ac64e589', '3ffed740e7684963', '3ffe6288ec48e112', '3ffddb13b6ccc23c',
    '3ffd4134d14dc93a', '3ffc954b213411f5', '3ffbd7c0ac6f9529', '3ffb090a58150200',
    '3ffa29a7a0462782', '3ff93a22499263fc', '3ff83b0e0bff976e', '3ff72d0837efff97',
    '3ff610b7551d2cdf', '3ff4e6cabbe3e5ea', '3ff3affa292050ba', '3ff26d054cdd12e0',
    '3ff11eb3541b4b24', '3fef8ba4dbf89abc', '3fecc66e9931c45e', '3fe9ef7943a8ed89',
    '3fe7088530fa45a1', '3fe4135c94176602', '3fe111d262b1f678', '3fdc0b826a7e4f62',
    '3fd5e214448b3fcb', '3fcf564e56a97314', '3fc2d52092ce19f8', '3fa92155f7a36678',
  ],
  32: [
    '3ffff621e3796d7e', '3fffa7557f08a517', '3fff0a7efb9230d8', '3ffe212104f686e5',
    '3ffced7af43cc773', '3ffb728345196e3e', '3ff9b3e047f38741', '3ff7b5df226aafaf',
    '3ff57d69348ceca0', '3ff30ff7fce17036', '3ff073879922ffee', '3feb5d1009e15cc2',
    '3fe58f9a75ab1fdd', '3fdf19f97b215f1e', '3fd2c8106e8e613a', '3fb91f65f10dd825',
  ],
  16: [
    '3fffd88da3d12525', '3ffe9f4156c62dda', '3ffc38b2f180bdb1', '3ff8bc806b151741',
    '3ff44cf325091dd7', '3fee2b5d3806f63e', '3fe294062ed59f04', '3fc917a6bc29b438',
  ],
  8: ['3fff6297cff75cb0', '3ffa9b66290ea1a4', '3ff1c73b39ae68c9', '3fd8f8b83c69a60c'],
  4: ['3ffd906bcf328d46', '3fe87de2a6aea964'],
  2: ['3ff6a09e667f3bcd'],
};

function fromHex(hex: string): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt(`0x${hex}`));
  return view.getFloat64(0);
}

const SIZES = [64, 32, 16, 8, 4, 2] as const;

// Divisor tables and one scratch buffer per level. The two recursive calls at a level run one after
// the other, so they can share that level's scratch.
const TABLES: Float64Array[] = [];
const SCRATCH: Float64Array[] = [];
for (const n of SIZES) {
  TABLES[n] = Float64Array.from(GO_COS_TABLE_HEX[n] ?? [], fromHex);
  SCRATCH[n] = new Float64Array(n);
}

// Go's table for DCT length n (n = 2..64, a power of two) as doubles.
export function goCosTable(n: number): Float64Array {
  const table = TABLES[n];
  if (!table) throw new RangeError(`no DCT table for length ${n}`);
  return table.slice();
}

// In-place unscaled DCT-II of buf[off .. off+n): X[k] = Σ x[i]·cos(π(i+½)k/n) (mirrors the generic
// recursion of goimagehash transforms/dct.go; its unrolled 8/4 forms do the same operations).
function lee(buf: Float64Array, off: number, n: number): void {
  if (n < 2) return;
  const half = n >> 1;
  const t = SCRATCH[n] as Float64Array;
  const table = TABLES[n] as Float64Array;
  for (let i = 0; i < half; i++) {
    const x = buf[off + i] as number;
    const y = buf[off + n - 1 - i] as number;
    t[i] = x + y;
    t[i + half] = (x - y) / (table[i] as number); // division, not multiplication by a reciprocal
  }
  lee(t, 0, half);
  lee(t, half, half);
  for (let i = 0; i < half - 1; i++) {
    buf[off + 2 * i] = t[i] as number;
    buf[off + 2 * i + 1] = (t[i + half] as number) + (t[i + half + 1] as number);
  }
  buf[off + n - 2] = t[half - 1] as number;
  buf[off + n - 1] = t[n - 1] as number;
}

// An n-point DCT-II in place on values[off .. off+n), n a power of two from 2 to 64.
export function leeDct(values: Float64Array, n: number, off = 0): void {
  if (!TABLES[n]) throw new RangeError(`no DCT table for length ${n}`);
  if (off < 0 || off + n > values.length) throw new RangeError(`leeDct needs ${n} values`);
  lee(values, off, n);
}

// One 64-point DCT-II in place on values[off .. off+64) (goimagehash DCT1DFast64).
export function dct1d64(values: Float64Array, off = 0): void {
  if (off < 0 || off + 64 > values.length) throw new RangeError('dct1d64 needs 64 values');
  lee(values, off, 64);
}

const column = new Float64Array(64);

// 2-D DCT-II of a 64×64 row-major block in place: every row first, then every column
// (goimagehash transforms/dct.go DCT2DFast64).
export function dct2d64(pixels: Float64Array): void {
  if (pixels.length !== 4096) throw new RangeError(`dct2d64 needs 4096 values, got ${pixels.length}`);
  for (let row = 0; row < 64; row++) lee(pixels, row * 64, 64);
  for (let col = 0; col < 64; col++) {
    for (let j = 0; j < 64; j++) column[j] = pixels[col + j * 64] as number;
    lee(column, 0, 64);
    for (let j = 0; j < 64; j++) pixels[col + j * 64] = column[j] as number;
  }
}
