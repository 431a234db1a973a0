import { describe, expect, it } from 'vitest';
import { createImage, type RgbaImage } from '../../../src/phash/image.js';
import { hashFromCoefficients, perceptionHash } from '../../../src/phash/perception-hash.js';

function uniform(width: number, height: number, rgba: [number, number, number, number]): RgbaImage {
  const img = createImage(width, height);
  for (let p = 0; p < img.data.length; p += 4) img.data.set(rgba, p);
  return img;
}

describe('perceptionHash', () => {
  // Every AC coefficient of a uniform image is exactly 0 and the DC is positive (spec §1.9).
  it('hashes a uniform non-black image to 8000000000000000', () => {
    expect(perceptionHash(uniform(800, 450, [90, 140, 200, 255]))).toBe(0x8000000000000000n);
    expect(perceptionHash(uniform(37, 23, [1, 0, 0, 255]))).toBe(0x8000000000000000n);
    expect(perceptionHash(uniform(800, 1420, [255, 255, 255, 255]))).toBe(0x8000000000000000n);
  });

  it('hashes uniform black, and fully transparent of any colour, to 0', () => {
    expect(perceptionHash(uniform(800, 600, [0, 0, 0, 255]))).toBe(0n);
    expect(perceptionHash(createImage(800, 600))).toBe(0n);
    // Premultiplied by alpha 0, every channel is 0: the colour under a transparent pixel is ignored.
    expect(perceptionHash(uniform(160, 90, [255, 255, 255, 0]))).toBe(0n);
  });

  it('returns an unsigned 64-bit value', () => {
    const img = createImage(128, 128);
    for (let y = 0; y < 128; y++) {
      for (let x = 0; x < 128; x++)
        img.data.set([(x * 2) & 255, (y * 3) & 255, (x ^ y) & 255, 255], (y * 128 + x) * 4);
    }
    const h = perceptionHash(img);
    expect(h).toBeGreaterThanOrEqual(0n);
    expect(h).toBeLessThan(1n << 64n);
  });

  // nfnt returns a 64×64 input unresized, so gray comes from color.NRGBA.RGBA(): b16/256 of the
  // 16-bit premultiplied blue. For (0,0,4,α191) that is ⌊⌊4·257·191/255⌋/256⌋ = 3, the same as an
  // opaque blue 3, so this two-tone image is uniform. Through the 8-bit resize, 4·191/255 → 2.
  it('hashes a 64×64 image without resizing (nfnt trivial case)', () => {
    const img = createImage(64, 64);
    for (let p = 0; p < img.data.length; p += 4)
      img.data.set(p % 256 < 128 ? [0, 0, 4, 191] : [0, 0, 3, 255], p);
    expect(perceptionHash(img)).toBe(0x8000000000000000n);
    const wider = createImage(65, 64);
    for (let p = 0; p < wider.data.length; p += 4)
      wider.data.set(p % 260 < 128 ? [0, 0, 4, 191] : [0, 0, 3, 255], p);
    expect(perceptionHash(wider)).not.toBe(0x8000000000000000n);
  });

  it('rejects an empty image', () => {
    expect(() => perceptionHash(createImage(0, 10))).toThrow(RangeError);
  });
});

describe('hashFromCoefficients', () => {
  it('sets bit 63-idx for values above the median of a numerically sorted copy', () => {
    // Ascending 0..63: the median is 31/2 + 32/2 = 31.5, so idx 32..63 (the low 32 bits) are set.
    // A lexicographic sort ("10" < "9") would pick other middle values.
    expect(hashFromCoefficients(Float64Array.from({ length: 64 }, (_, i) => i))).toBe(0x00000000ffffffffn);
    expect(hashFromCoefficients(Float64Array.from({ length: 64 }, (_, i) => 63 - i))).toBe(
      0xffffffff00000000n,
    );
  });

  it('makes the DC coefficient (index 0) the most significant bit', () => {
    const flat = new Float64Array(64);
    flat[0] = 1000;
    expect(hashFromCoefficients(flat)).toBe(0x8000000000000000n);
    flat[0] = 0;
    flat[63] = 1;
    expect(hashFromCoefficients(flat)).toBe(1n);
  });

  it('uses a strict > (values equal to the median stay 0)', () => {
    // 40 ones and 24 zeros: the 32nd and 33rd smallest are both 1, so the median is 1 and nothing is above it.
    const flat = Float64Array.from({ length: 64 }, (_, i) => (i % 8 < 5 ? 1 : 0));
    expect(hashFromCoefficients(flat)).toBe(0n);
  });

  it('computes the median as a/2 + b/2, not (a+b)/2', () => {
    // 31 zeros then 33 copies of the smallest subnormal d. a/2 + b/2 = d/2 + d/2 = 0 + 0 (ties to
    // even), so all 33 are above it; (a+b)/2 would be d and set nothing.
    const d = Number.MIN_VALUE;
    const flat = Float64Array.from({ length: 64 }, (_, i) => (i < 31 ? 0 : d));
    expect(hashFromCoefficients(flat)).toBe((1n << 33n) - 1n);
  });

  it('uses the 32nd and 33rd smallest values, not the mean', () => {
    // idx 0..31 = 10, idx 32..63 = 20 except idx 40 = 1e6: the median is 10/2 + 20/2 = 15, so all
    // of idx 32..63 are above it (the mean, about 15640, would leave only idx 40).
    const flat = Float64Array.from({ length: 64 }, (_, i) => (i === 40 ? 1e6 : i < 32 ? 10 : 20));
    expect(hashFromCoefficients(flat)).toBe(0xffffffffn);
  });

  it('needs exactly 64 values', () => {
    expect(() => hashFromCoefficients(new Float64Array(63))).toThrow(RangeError);
  });
});
