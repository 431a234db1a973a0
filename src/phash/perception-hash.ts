// goimagehash v1.1.0 PerceptionHash (hashcompute.go), the image hash behind Stash's video phash:
// nfnt Bilinear resize to 64×64 → gray → 2-D DCT-II → top-left 8×8 (DC included) → one bit per
// coefficient above the median, DC as the most significant bit.
import type { RgbaImage } from './image.js';
import { dct2d64 } from './lee-dct.js';
import { nfntResizeBilinear } from './nfnt-resize.js';

const SIZE = 64;

// goimagehash transforms/pixels.go pixel2Gray on a premultiplied 8-bit RGBA raster: RGBA() widens
// v to v*0x101, so r/257 and b/256 both give back the 8-bit value. Evaluated left to right as Go does.
function grayFromPremultiplied(data: Uint8Array, out: Float64Array): void {
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    out[i] = 0.299 * (data[p] as number) + 0.587 * (data[p + 1] as number) + 0.114 * (data[p + 2] as number);
  }
}

// The same through color.NRGBA.RGBA(), for the one case nfnt hands back the NRGBA input unresized
// (it is already 64×64): channels are premultiplied in 16 bits first, c*0x101*a/0xff truncated.
function grayFromStraight(data: Uint8Array, out: Float64Array): void {
  for (let i = 0, p = 0; i < out.length; i++, p += 4) {
    const a = data[p + 3] as number;
    const r16 = Math.trunc(((data[p] as number) * 0x101 * a) / 0xff);
    const g16 = Math.trunc(((data[p + 1] as number) * 0x101 * a) / 0xff);
    const b16 = Math.trunc(((data[p + 2] as number) * 0x101 * a) / 0xff);
    out[i] = 0.299 * Math.trunc(r16 / 257) + 0.587 * Math.trunc(g16 / 257) + 0.114 * Math.trunc(b16 / 256);
  }
}

// The hash of 64 flattened coefficients (row-major 8×8, DC first): bit 63-idx is set iff the value is
// strictly above the median, s[31]/2 + s[32]/2 of the ascending values (etcs/utils.go
// MedianOfPixelsFast64's quickselect lands on exactly these two).
export function hashFromCoefficients(flat: Float64Array): bigint {
  if (flat.length !== 64) throw new RangeError(`expected 64 coefficients, got ${flat.length}`);
  const sorted = flat.slice().sort(); // a Float64Array sorts numerically
  const median = (sorted[31] as number) / 2 + (sorted[32] as number) / 2;
  let hi = 0;
  let lo = 0;
  for (let idx = 0; idx < 32; idx++) if ((flat[idx] as number) > median) hi |= 1 << (31 - idx);
  for (let idx = 32; idx < 64; idx++) if ((flat[idx] as number) > median) lo |= 1 << (63 - idx);
  return (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);
}

// Stash's perceptual hash of an image (straight-alpha RGBA), as an unsigned 64-bit bigint.
export function perceptionHash(img: RgbaImage): bigint {
  if (img.width <= 0 || img.height <= 0)
    throw new RangeError(`cannot hash a ${img.width}x${img.height} image`);
  const pixels = new Float64Array(SIZE * SIZE);
  if (img.width === SIZE && img.height === SIZE) {
    grayFromStraight(img.data, pixels); // nfnt resize.go: "Trivial case: return input image"
  } else {
    grayFromPremultiplied(nfntResizeBilinear(img, SIZE, SIZE).data, pixels);
  }
  dct2d64(pixels);
  // transforms/pixels.go FlattenPixelsFast64(p, 8, 8): flat[8*i+j] = p[64*i+j].
  const flat = new Float64Array(64);
  for (let i = 0; i < 8; i++) for (let j = 0; j < 8; j++) flat[8 * i + j] = pixels[SIZE * i + j] as number;
  return hashFromCoefficients(flat);
}
