// nfnt/resize (83c6a99) Resize(w, h, *image.NRGBA, Bilinear), the resize inside goimagehash's
// PerceptionHash: 8-bit fixed point, two passes (resize.go NRGBA branch, filters.go createWeights8,
// converter.go resizeNRGBA then resizeRGBA). A float or sampling "bilinear" gives other pixels and
// so other hashes, hence every integer step below is copied, Go int32 semantics included.
import type { RgbaImage } from './image.js';

interface Weights {
  /** int16 coefficients, `filterLength` per output pixel. */
  coeffs: Int16Array;
  /** First source index of each output pixel's window (before clamping). */
  start: Int32Array;
  filterLength: number;
}

// Bilinear's kernel (filters.go linear): a tent of half-width 1.
function linear(x: number): number {
  const a = Math.abs(x);
  return a <= 1 ? 1 - a : 0;
}

// filters.go createWeights8 with taps = 2 and blur = 1: a tent whose half-width is `scale` source
// pixels (an area average when shrinking), weights truncated toward zero from kernel*256.
export function createWeights8(dy: number, scale: number): Weights {
  const filterLength = 2 * Math.max(Math.ceil(scale), 1);
  const filterFactor = Math.min(1 / scale, 1);
  const coeffs = new Int16Array(dy * filterLength);
  const start = new Int32Array(dy);
  for (let y = 0; y < dy; y++) {
    let interpX = scale * (y + 0.5) - 0.5;
    // Go int(): truncation toward zero, not floor (matters when interpX is in (-1, 0)).
    const s = Math.trunc(interpX) - filterLength / 2 + 1;
    start[y] = s;
    interpX -= s;
    for (let i = 0; i < filterLength; i++) {
      const x = (interpX - i) * filterFactor;
      coeffs[y * filterLength + i] = Math.trunc(linear(x) * 256);
    }
  }
  return { coeffs, start, filterLength };
}

// Go's clampUint8(int32) (converter.go).
function clampUint8(v: number): number {
  return v < 0 ? 0 : v > 255 ? 255 : v;
}

interface Taps {
  /** Clamped byte offsets (4 per pixel) of the non-zero taps, output pixel after output pixel. */
  offsets: Int32Array;
  weights: Int32Array;
  /** Output pixel y uses taps first[y] .. first[y+1]-1. */
  first: Int32Array;
  /** Σ coeff per output pixel (int32, the same for every row). */
  sums: Int32Array;
}

// Resolves the weights against a source length once: zero coefficients dropped (Go skips them too)
// and indices clamped to the edges as converter.go does (inside → as is, past the end → last,
// before 0 → first).
function resolveTaps(w: Weights, length: number): Taps {
  const { coeffs, start, filterLength } = w;
  const outCount = start.length;
  const maxX = length - 1;
  const offsets: number[] = [];
  const weights: number[] = [];
  const first = new Int32Array(outCount + 1);
  const sums = new Int32Array(outCount);
  for (let y = 0; y < outCount; y++) {
    first[y] = offsets.length;
    let sum = 0;
    for (let i = 0; i < filterLength; i++) {
      const coeff = coeffs[y * filterLength + i] as number;
      if (coeff === 0) continue;
      const xi = (start[y] as number) + i;
      offsets.push(xi >= 0 && xi < maxX ? xi * 4 : xi >= maxX ? maxX * 4 : 0);
      weights.push(coeff);
      sum = (sum + coeff) | 0;
    }
    if (sum === 0) throw new RangeError('nfnt resize: zero weight sum');
    sums[y] = sum;
  }
  first[outCount] = offsets.length;
  return { offsets: Int32Array.from(offsets), weights: Int32Array.from(weights), first, sums };
}

// One horizontal pass over `rows` rows of `width` RGBA pixels (src, stride 4*width), writing the
// transposed result into dst (dst row = output pixel y, dst column = source row x, dst stride
// 4*rows). With `premultiply`, each source pixel is first premultiplied the NRGBA way, C*A/0xff
// truncated (converter.go resizeNRGBA); without it the pixels are used as they are (resizeRGBA).
// Sums wrap like Go's int32 and divisions truncate toward zero.
function pass(
  src: Uint8Array,
  width: number,
  rows: number,
  dst: Uint8Array,
  w: Weights,
  premultiply: boolean,
) {
  const { offsets, weights, first, sums } = resolveTaps(w, width);
  const outCount = sums.length;
  const row = new Uint8Array(width * 4);
  for (let x = 0; x < rows; x++) {
    const base = x * width * 4;
    if (premultiply) {
      // Premultiplying each pixel once equals Go premultiplying it at every tap.
      for (let p = 0; p < width * 4; p += 4) {
        const a = src[base + p + 3] as number;
        row[p] = (((src[base + p] as number) * a) / 0xff) | 0;
        row[p + 1] = (((src[base + p + 1] as number) * a) / 0xff) | 0;
        row[p + 2] = (((src[base + p + 2] as number) * a) / 0xff) | 0;
        row[p + 3] = a;
      }
    } else {
      row.set(src.subarray(base, base + width * 4));
    }
    for (let y = 0; y < outCount; y++) {
      let r = 0;
      let g = 0;
      let b = 0;
      let a = 0;
      const end = first[y + 1] as number;
      for (let t = first[y] as number; t < end; t++) {
        const coeff = weights[t] as number;
        const xi = offsets[t] as number;
        r = (r + coeff * (row[xi] as number)) | 0;
        g = (g + coeff * (row[xi + 1] as number)) | 0;
        b = (b + coeff * (row[xi + 2] as number)) | 0;
        a = (a + coeff * (row[xi + 3] as number)) | 0;
      }
      const sum = sums[y] as number;
      const o = (y * rows + x) * 4;
      dst[o] = clampUint8((r / sum) | 0);
      dst[o + 1] = clampUint8((g / sum) | 0);
      dst[o + 2] = clampUint8((b / sum) | 0);
      dst[o + 3] = clampUint8((a / sum) | 0);
    }
  }
}

// Resizes a straight-alpha NRGBA image to width×height the way nfnt/resize's Bilinear does for an
// *image.NRGBA input; the result is premultiplied RGBA (Go *image.RGBA). Unlike nfnt, an image that
// already has the target size is resized too (nfnt returns the input itself; callers handle that).
export function nfntResizeBilinear(img: RgbaImage, width: number, height: number): RgbaImage {
  const W = img.width;
  const H = img.height;
  if (W <= 0 || H <= 0 || width <= 0 || height <= 0) {
    throw new RangeError(`cannot resize ${W}x${H} to ${width}x${height}`);
  }
  if (img.data.length < W * H * 4) throw new RangeError('image data is shorter than width*height*4');
  // calcFactors: exact, since W and H are integers and the targets here are powers of two.
  const scaleX = W / width;
  const scaleY = H / height;
  // Pass 1: horizontal over the source rows into a transposed temp, H wide and `width` tall.
  const temp = new Uint8Array(H * width * 4);
  pass(img.data, W, H, temp, createWeights8(width, scaleX), true);
  // Pass 2: the same filter along the temp's rows (the source columns), not premultiplied again;
  // transposing back yields the result upright.
  const out = new Uint8Array(width * height * 4);
  pass(temp, H, width, out, createWeights8(height, scaleY), false);
  return { width, height, data: out };
}
