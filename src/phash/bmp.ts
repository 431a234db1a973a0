// The BMP decoding Stash gets from image.Decode with golang.org/x/image/bmp v0.18.0 registered
// (bmp/reader.go): uncompressed 8 (256-colour palette), 24 and 32 bpp with a 40, 108 or 124-byte info
// header. Everything else is an error there, so it is one here: Stash stores no phash then.
import { createImage, type RgbaImage } from './image.js';

const FILE_HEADER_LEN = 14;
const INFO_HEADER_LEN = 40;
const V4_INFO_HEADER_LEN = 108;
const V5_INFO_HEADER_LEN = 124;

function truncated(what: string): Error {
  return new Error(`truncated BMP: ${what}`);
}

function unsupported(what: string): Error {
  return new Error(`unsupported BMP image: ${what}`);
}

function isBmpMagic(buf: Uint8Array): boolean {
  return buf[0] === 0x42 && buf[1] === 0x4d && buf[6] === 0 && buf[7] === 0 && buf[8] === 0 && buf[9] === 0;
}

// Row length rounded up to 4 bytes, `(n+3)&^3` in Go; arithmetic so widths past 2^29 stay exact.
function padTo4(n: number): number {
  return Math.ceil(n / 4) * 4;
}

// Rows are stored bottom-up unless the header's height is negative.
function rowOrder(height: number, topDown: boolean): (i: number) => number {
  return topDown ? (i) => i : (i) => height - 1 - i;
}

// Decodes one BMP file (what ffmpeg writes for `-c:v bmp -f rawvideo -`) into straight-alpha RGBA.
export function decodeBmp(buf: Uint8Array): RgbaImage {
  // image.Decode picks the decoder by the magic "BM????\0\0\0\0" (bmp/reader.go init).
  if (buf.length === 0) throw new Error('not a BMP image: no data');
  if (buf.length < 10 || !isBmpMagic(buf)) throw new Error('not a BMP image: bad signature');
  if (buf.length < FILE_HEADER_LEN + 4) throw truncated('file header');
  const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
  const offset = view.getUint32(10, true);
  const infoLen = view.getUint32(14, true);
  if (infoLen !== INFO_HEADER_LEN && infoLen !== V4_INFO_HEADER_LEN && infoLen !== V5_INFO_HEADER_LEN) {
    throw unsupported(`${infoLen}-byte info header`);
  }
  const headerEnd = FILE_HEADER_LEN + infoLen;
  if (buf.length < headerEnd) throw truncated('info header');
  const width = view.getInt32(18, true);
  let height = view.getInt32(22, true);
  const topDown = height < 0;
  if (topDown) height = -height;
  if (width < 0) throw unsupported(`negative width ${width}`);
  const planes = view.getUint16(26, true);
  const bpp = view.getUint16(28, true);
  let compression = view.getUint32(30, true);
  // BI_BITFIELDS whose masks are the default BGRA layout counts as uncompressed.
  if (
    compression === 3 &&
    infoLen > INFO_HEADER_LEN &&
    view.getUint32(54, true) === 0xff0000 &&
    view.getUint32(58, true) === 0xff00 &&
    view.getUint32(62, true) === 0xff &&
    view.getUint32(66, true) === 0xff000000
  ) {
    compression = 0;
  }
  if (planes !== 1 || compression !== 0) throw unsupported(`planes ${planes}, compression ${compression}`);
  switch (bpp) {
    case 8:
      return decodePaletted(buf, offset, headerEnd, width, height, topDown);
    case 24:
      if (offset !== headerEnd) throw unsupported(`pixel offset ${offset} (expected ${headerEnd})`);
      return decodeRgb(buf, offset, width, height, topDown);
    case 32:
      if (offset !== headerEnd) throw unsupported(`pixel offset ${offset} (expected ${headerEnd})`);
      // Alpha only with a V4/V5 header; a 40-byte header's fourth byte is padding (reader.go).
      return decodeBgra(buf, offset, width, height, topDown, infoLen > INFO_HEADER_LEN);
    default:
      throw unsupported(`${bpp} bits per pixel`);
  }
}

// 8 bpp: a 256-entry BGRX palette right after the header, then rows of indices padded to 4 bytes.
function decodePaletted(
  buf: Uint8Array,
  offset: number,
  headerEnd: number,
  w: number,
  h: number,
  topDown: boolean,
) {
  if (offset !== headerEnd + 256 * 4) throw unsupported(`8 bpp with pixel offset ${offset}`);
  if (buf.length < offset) throw truncated('palette');
  const stride = padTo4(w);
  if (buf.length < offset + stride * h) throw truncated('pixel data');
  const img = createImage(w, h);
  const rowOf = rowOrder(h, topDown);
  for (let i = 0; i < h; i++) {
    const src = offset + i * stride;
    let o = rowOf(i) * w * 4;
    for (let x = 0; x < w; x++, o += 4) {
      const p = headerEnd + (buf[src + x] as number) * 4;
      img.data[o] = buf[p + 2] as number;
      img.data[o + 1] = buf[p + 1] as number;
      img.data[o + 2] = buf[p] as number;
      img.data[o + 3] = 0xff;
    }
  }
  return img;
}

// 24 bpp: BGR triples, rows padded to 4 bytes, always opaque (reader.go decodeRGB).
function decodeRgb(buf: Uint8Array, offset: number, w: number, h: number, topDown: boolean): RgbaImage {
  const stride = padTo4(3 * w);
  if (buf.length < offset + stride * h) throw truncated('pixel data');
  const img = createImage(w, h);
  const rowOf = rowOrder(h, topDown);
  for (let i = 0; i < h; i++) {
    let s = offset + i * stride;
    let o = rowOf(i) * w * 4;
    for (let x = 0; x < w; x++, s += 3, o += 4) {
      img.data[o] = buf[s + 2] as number;
      img.data[o + 1] = buf[s + 1] as number;
      img.data[o + 2] = buf[s] as number;
      img.data[o + 3] = 0xff;
    }
  }
  return img;
}

// 32 bpp: BGRA with no row padding, straight alpha when allowed (reader.go decodeNRGBA).
function decodeBgra(buf: Uint8Array, offset: number, w: number, h: number, topDown: boolean, alpha: boolean) {
  const stride = 4 * w;
  if (buf.length < offset + stride * h) throw truncated('pixel data');
  const img = createImage(w, h);
  const rowOf = rowOrder(h, topDown);
  for (let i = 0; i < h; i++) {
    let s = offset + i * stride;
    let o = rowOf(i) * stride;
    for (let x = 0; x < w; x++, s += 4, o += 4) {
      img.data[o] = buf[s + 2] as number;
      img.data[o + 1] = buf[s + 1] as number;
      img.data[o + 2] = buf[s] as number;
      img.data[o + 3] = alpha ? (buf[s + 3] as number) : 0xff;
    }
  }
  return img;
}
