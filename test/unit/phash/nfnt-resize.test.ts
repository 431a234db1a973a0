import { describe, expect, it } from 'vitest';
import { createImage, type RgbaImage } from '../../../src/phash/image.js';
import { createWeights8, nfntResizeBilinear } from '../../../src/phash/nfnt-resize.js';

function fill(img: RgbaImage, rgba: number[]): RgbaImage {
  for (let p = 0; p < img.data.length; p += 4) img.data.set(rgba, p);
  return img;
}

describe('createWeights8', () => {
  it('builds a tent of half-width `scale`, truncated from kernel*256', () => {
    // scale 2: filterLength 4, factor 1/2. y=0: interpX = 0.5, start = 0 - 2 + 1 = -1, taps at
    // distances 1.5, 0.5, -0.5, -1.5 → 1 - 0.75, 1 - 0.25, … → 64, 192, 192, 64.
    const w = createWeights8(64, 2);
    expect(w.filterLength).toBe(4);
    expect(w.start[0]).toBe(-1);
    expect(Array.from(w.coeffs.subarray(0, 4))).toEqual([64, 192, 192, 64]);
    expect(w.start[63]).toBe(125);
  });

  it('sizes the window 2·ceil(scale) (26 for an 800-wide montage)', () => {
    const w = createWeights8(64, 800 / 64);
    expect(w.filterLength).toBe(26);
    expect(w.coeffs.length).toBe(64 * 26);
    // y=0: interpX = 12.5·0.5 - 0.5 = 5.75 → start = 5 - 13 + 1 = -7.
    expect(w.start[0]).toBe(-7);
  });

  it('truncates interpX toward zero, not down (Go int())', () => {
    // Upscaling, scale 1/2: interpX(0) = -0.25 → int() = 0 (floor would give -1), start = 0.
    const w = createWeights8(64, 0.5);
    expect(w.filterLength).toBe(2);
    expect(w.start[0]).toBe(0);
    // distance -0.25 → 1 - 0.25 = 0.75 → 192; distance -1.25 → 0.
    expect(Array.from(w.coeffs.subarray(0, 2))).toEqual([192, 0]);
  });
});

describe('nfntResizeBilinear', () => {
  it('keeps a uniform opaque image uniform', () => {
    const out = nfntResizeBilinear(fill(createImage(800, 450), [10, 200, 30, 255]), 64, 64);
    expect([out.width, out.height]).toEqual([64, 64]);
    for (let p = 0; p < out.data.length; p += 4)
      expect(Array.from(out.data.subarray(p, p + 4))).toEqual([10, 200, 30, 255]);
  });

  it('outputs premultiplied values, premultiplied with truncation (C*A/255)', () => {
    // (255,100,1) at alpha 128: 255·128/255 = 128, 100·128/255 = 50.2 → 50, 1·128/255 = 0.5 → 0.
    const out = nfntResizeBilinear(fill(createImage(128, 96), [255, 100, 1, 128]), 64, 64);
    for (let p = 0; p < out.data.length; p += 4)
      expect(Array.from(out.data.subarray(p, p + 4))).toEqual([128, 50, 0, 128]);
  });

  it('averages an opaque and a half-transparent pixel by hand', () => {
    // 2×1 → 1×1. Pass 1 (scale 2): taps -1,0,1,2 weigh 64,192,192,64; clamped they fall on pixel 0
    // (64+192) and pixel 1 (192+64), sum 512. Pixel 1 (2,255,101,α127) premultiplies, truncating, to
    // (2·127/255 = 0.996 → 0, 127, 101·127/255 = 50.3 → 50). Then
    // R = (256·201 + 256·0)/512 = 100.5 → 100, G = (256·100 + 256·127)/512 = 113.5 → 113,
    // B = (256·50 + 256·50)/512 = 50, A = (256·255 + 256·127)/512 = 191.
    // Pass 2 (scale 1) is the identity and does not premultiply again.
    const img = createImage(2, 1);
    img.data.set([201, 100, 50, 255, 2, 255, 101, 127]);
    expect(Array.from(nfntResizeBilinear(img, 1, 1).data)).toEqual([100, 113, 50, 191]);
  });

  it('clamps at the edges instead of reading outside the image', () => {
    // A 1-pixel-wide column is stretched: every tap clamps onto x = 0.
    const img = fill(createImage(1, 128), [9, 8, 7, 255]);
    const out = nfntResizeBilinear(img, 64, 64);
    expect(Array.from(out.data.subarray(0, 4))).toEqual([9, 8, 7, 255]);
    expect(Array.from(out.data.subarray(out.data.length - 4))).toEqual([9, 8, 7, 255]);
  });

  it('rejects empty images', () => {
    expect(() => nfntResizeBilinear(createImage(0, 5), 64, 64)).toThrow(RangeError);
  });
});
