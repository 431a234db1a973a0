import { describe, expect, it } from 'vitest';
import { decodeBmp } from '../../../src/phash/bmp.js';

interface BmpSpec {
  width: number;
  height: number; // negative = top-down
  bpp: number;
  infoLen?: number;
  compression?: number;
  palette?: number[][]; // BGR triples (8 bpp)
  pixels: number[]; // raw pixel bytes as stored, rows in file order, padding included
}

// Builds a BMP file byte by byte: 14-byte file header, info header, optional palette, pixels.
function bmp(spec: BmpSpec): Uint8Array {
  const infoLen = spec.infoLen ?? 40;
  const paletteLen = spec.palette ? 256 * 4 : 0;
  const offset = 14 + infoLen + paletteLen;
  const buf = new Uint8Array(offset + spec.pixels.length);
  const v = new DataView(buf.buffer);
  buf[0] = 0x42; // 'B'
  buf[1] = 0x4d; // 'M'
  v.setUint32(2, buf.length, true);
  v.setUint32(10, offset, true);
  v.setUint32(14, infoLen, true);
  v.setInt32(18, spec.width, true);
  v.setInt32(22, spec.height, true);
  v.setUint16(26, 1, true);
  v.setUint16(28, spec.bpp, true);
  v.setUint32(30, spec.compression ?? 0, true);
  if (infoLen > 40) {
    // V4 channel masks (R, G, B, A) in their default BGRA layout.
    v.setUint32(54, 0xff0000, true);
    v.setUint32(58, 0xff00, true);
    v.setUint32(62, 0xff, true);
    v.setUint32(66, 0xff000000, true);
  }
  spec.palette?.forEach(([b, g, r], i) => buf.set([b ?? 0, g ?? 0, r ?? 0, 0], 14 + infoLen + i * 4));
  buf.set(spec.pixels, offset);
  return buf;
}

function pixel(img: { width: number; data: Uint8Array }, x: number, y: number): number[] {
  const o = (y * img.width + x) * 4;
  return Array.from(img.data.subarray(o, o + 4));
}

describe('decodeBmp', () => {
  it('decodes 24 bpp bottom-up with rows padded to 4 bytes (width 3 → 9 bytes + 3 padding)', () => {
    const img = decodeBmp(
      bmp({
        width: 3,
        height: 2,
        bpp: 24,
        // file order: bottom row first; BGR per pixel; 0xEE padding that must be skipped
        pixels: [
          1, 2, 3, 4, 5, 6, 7, 8, 9, 0xee, 0xee, 0xee, 11, 12, 13, 14, 15, 16, 17, 18, 19, 0xee, 0xee, 0xee,
        ],
      }),
    );
    expect([img.width, img.height]).toEqual([3, 2]);
    expect(pixel(img, 0, 0)).toEqual([13, 12, 11, 255]);
    expect(pixel(img, 2, 0)).toEqual([19, 18, 17, 255]);
    expect(pixel(img, 0, 1)).toEqual([3, 2, 1, 255]);
    expect(pixel(img, 1, 1)).toEqual([6, 5, 4, 255]);
    expect(pixel(img, 2, 1)).toEqual([9, 8, 7, 255]);
  });

  it('decodes 24 bpp top-down when the height is negative', () => {
    const img = decodeBmp(
      bmp({ width: 1, height: -2, bpp: 24, pixels: [1, 2, 3, 0, 4, 5, 6, 0] }), // 3 bytes + 1 padding per row
    );
    expect([img.width, img.height]).toEqual([1, 2]);
    expect(pixel(img, 0, 0)).toEqual([3, 2, 1, 255]);
    expect(pixel(img, 0, 1)).toEqual([6, 5, 4, 255]);
  });

  it('forces alpha to 255 for 32 bpp with a 40-byte header', () => {
    const img = decodeBmp(bmp({ width: 2, height: 1, bpp: 32, pixels: [10, 20, 30, 0, 40, 50, 60, 128] }));
    expect(pixel(img, 0, 0)).toEqual([30, 20, 10, 255]);
    expect(pixel(img, 1, 0)).toEqual([60, 50, 40, 255]);
  });

  it('honours straight alpha for 32 bpp with a 108-byte V4 header (BI_BITFIELDS, default masks)', () => {
    const pixels = [10, 20, 30, 0, 40, 50, 60, 128, 1, 2, 3, 255, 4, 5, 6, 7]; // 2×2, bottom row first
    for (const compression of [0, 3]) {
      const img = decodeBmp(bmp({ width: 2, height: 2, bpp: 32, infoLen: 108, compression, pixels }));
      expect(pixel(img, 0, 1)).toEqual([30, 20, 10, 0]);
      expect(pixel(img, 1, 1)).toEqual([60, 50, 40, 128]);
      expect(pixel(img, 0, 0)).toEqual([3, 2, 1, 255]);
      expect(pixel(img, 1, 0)).toEqual([6, 5, 4, 7]);
    }
  });

  it('decodes 8 bpp paletted (BGRX palette, index rows padded to 4 bytes)', () => {
    const palette = Array.from({ length: 256 }, (_, i) => [i, 255 - i, (i * 7) & 255]);
    const img = decodeBmp(
      bmp({ width: 2, height: 2, bpp: 8, palette, pixels: [0, 1, 0xee, 0xee, 200, 255, 0xee, 0xee] }),
    );
    expect(pixel(img, 0, 1)).toEqual([0, 255, 0, 255]);
    expect(pixel(img, 1, 1)).toEqual([7, 254, 1, 255]);
    expect(pixel(img, 0, 0)).toEqual([(200 * 7) & 255, 55, 200, 255]);
    expect(pixel(img, 1, 0)).toEqual([(255 * 7) & 255, 0, 255, 255]);
  });

  it('throws on truncated input', () => {
    const whole = bmp({ width: 3, height: 2, bpp: 24, pixels: new Array(24).fill(7) });
    expect(() => decodeBmp(whole)).not.toThrow();
    expect(() => decodeBmp(whole.subarray(0, whole.length - 1))).toThrow(/truncated BMP/);
    expect(() => decodeBmp(whole.subarray(0, 30))).toThrow(/truncated BMP/);
    expect(() => decodeBmp(whole.subarray(0, 12))).toThrow(/truncated BMP/);
  });

  it('throws on empty or non-BMP input', () => {
    expect(() => decodeBmp(new Uint8Array(0))).toThrow(/not a BMP image/);
    expect(() => decodeBmp(new TextEncoder().encode('\x89PNG\r\n\x1a\n0000000000000000'))).toThrow(
      /not a BMP image/,
    );
  });

  it('rejects what golang.org/x/image/bmp does not decode', () => {
    // 16 bpp BI_BITFIELDS with 565 masks (not the default BGRA masks).
    const b16 = bmp({ width: 2, height: 1, bpp: 16, infoLen: 108, compression: 3, pixels: [0, 0, 0, 0] });
    new DataView(b16.buffer).setUint32(54, 0xf800, true);
    expect(() => decodeBmp(b16)).toThrow(/unsupported BMP/);
    expect(() => decodeBmp(bmp({ width: 2, height: 1, bpp: 16, pixels: [0, 0, 0, 0] }))).toThrow(
      /unsupported BMP/,
    );
    // RLE8 compression; a 12-byte OS/2 header.
    expect(() =>
      decodeBmp(bmp({ width: 1, height: 1, bpp: 8, compression: 1, palette: [], pixels: [0, 0, 0, 0] })),
    ).toThrow(/unsupported BMP/);
    const os2 = bmp({ width: 1, height: 1, bpp: 24, pixels: [0, 0, 0, 0] });
    new DataView(os2.buffer).setUint32(14, 12, true);
    expect(() => decodeBmp(os2)).toThrow(/unsupported BMP/);
  });
});
