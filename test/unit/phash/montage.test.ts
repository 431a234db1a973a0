import { describe, expect, it } from 'vitest';
import { createImage, type RgbaImage } from '../../../src/phash/image.js';
import { combineImages } from '../../../src/phash/montage.js';

function solid(width: number, height: number, v: number): RgbaImage {
  const img = createImage(width, height);
  for (let p = 0; p < img.data.length; p += 4) img.data.set([v, v, v, 255], p);
  return img;
}

function pixel(img: RgbaImage, x: number, y: number): number[] {
  const o = (y * img.width + x) * 4;
  return Array.from(img.data.subarray(o, o + 4));
}

describe('combineImages', () => {
  it('tiles row-major on a canvas sized from the first frame', () => {
    const frames = Array.from({ length: 25 }, (_, i) => solid(4, 3, i + 1));
    const m = combineImages(frames, 5, 5);
    expect([m.width, m.height]).toEqual([20, 15]);
    for (let i = 0; i < 25; i++) {
      const x = 4 * (i % 5);
      const y = 3 * Math.floor(i / 5);
      expect(pixel(m, x, y)).toEqual([i + 1, i + 1, i + 1, 255]);
      expect(pixel(m, x + 3, y + 2)).toEqual([i + 1, i + 1, i + 1, 255]);
    }
  });

  it('copies pixels as they are (no blending over the canvas)', () => {
    const f = createImage(2, 2);
    f.data.set([200, 100, 50, 128], 0);
    const m = combineImages([f], 2, 2);
    expect(pixel(m, 0, 0)).toEqual([200, 100, 50, 128]);
  });

  it('uses the first frame size; a smaller later frame leaves transparent black gaps', () => {
    const m = combineImages([solid(4, 4, 10), solid(2, 2, 20)], 2, 2);
    expect([m.width, m.height]).toEqual([8, 8]);
    expect(pixel(m, 4, 0)).toEqual([20, 20, 20, 255]);
    expect(pixel(m, 5, 1)).toEqual([20, 20, 20, 255]);
    expect(pixel(m, 6, 0)).toEqual([0, 0, 0, 0]);
    expect(pixel(m, 4, 2)).toEqual([0, 0, 0, 0]);
    // Cells without a frame stay transparent black too.
    expect(pixel(m, 0, 4)).toEqual([0, 0, 0, 0]);
    expect(pixel(m, 7, 7)).toEqual([0, 0, 0, 0]);
  });

  it('clips a larger later frame to the canvas, spilling into later cells until they are pasted', () => {
    // Frame 1 (6×6) at (4,0) on an 8×8 canvas: columns 4..7 and rows 0..5 survive.
    const spill = combineImages([solid(4, 4, 10), solid(6, 6, 20)], 2, 2);
    expect(pixel(spill, 7, 0)).toEqual([20, 20, 20, 255]);
    expect(pixel(spill, 7, 5)).toEqual([20, 20, 20, 255]);
    expect(pixel(spill, 7, 6)).toEqual([0, 0, 0, 0]);
    // Frames pasted later overwrite the spill: frame 3 at (4,4) covers rows 4..5 of the right column.
    const m = combineImages([solid(4, 4, 10), solid(6, 6, 20), solid(4, 4, 30), solid(4, 4, 40)], 2, 2);
    expect(pixel(m, 5, 3)).toEqual([20, 20, 20, 255]);
    expect(pixel(m, 5, 4)).toEqual([40, 40, 40, 255]);
    expect(pixel(m, 1, 5)).toEqual([30, 30, 30, 255]);
  });

  it('places frame i at row ⌊i/rows⌋ as Stash does, even when rows ≠ columns', () => {
    const m = combineImages([solid(1, 1, 1), solid(1, 1, 2), solid(1, 1, 3)], 3, 2);
    expect([m.width, m.height]).toEqual([3, 2]);
    expect(pixel(m, 0, 0)).toEqual([1, 1, 1, 255]);
    expect(pixel(m, 1, 0)).toEqual([2, 2, 2, 255]);
    expect(pixel(m, 2, 1)).toEqual([3, 3, 3, 255]); // x = 2 % 3 = 2, y = ⌊2/2⌋ = 1
  });

  it('needs at least one frame', () => {
    expect(() => combineImages([], 5, 5)).toThrow(RangeError);
  });
});
