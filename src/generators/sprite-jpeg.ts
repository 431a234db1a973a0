// Encodes the sprite montage the way Stash saves it (imaging.Save → Go image/jpeg): quality 95,
// 4:2:0 chroma, baseline, same pixel size. The bytes differ from Go's encoder (docs pitfall 15);
// Stash's UI only needs a valid JPEG of the right size. Transparent pixels (tiles smaller than the
// first frame) become black, as Go's premultiplied RGBA conversion makes them.
import sharp from 'sharp';
import { MediaError } from '../errors.js';
import type { RgbaImage } from '../phash/image.js';

export const SPRITE_JPEG_QUALITY = 95;

// JPEG bytes of an NRGBA image.
export async function encodeSpriteJpeg(image: RgbaImage): Promise<Buffer> {
  return sharp(image.data, { raw: { width: image.width, height: image.height, channels: 4 } })
    .flatten({ background: { r: 0, g: 0, b: 0 } })
    .jpeg({ quality: SPRITE_JPEG_QUALITY, chromaSubsampling: '4:2:0', progressive: false, mozjpeg: false })
    .toBuffer();
}

// Width and height of a JPEG on disk, read from its header (Go image.DecodeConfig).
export async function readImageSize(path: string): Promise<{ width: number; height: number }> {
  const { width, height } = await sharp(path)
    .metadata()
    .catch((cause: unknown) => {
      throw new MediaError(path, 'cannot read the sprite image', { cause });
    });
  if (!width || !height) throw new MediaError(path, 'cannot read the sprite image size');
  return { width, height };
}
