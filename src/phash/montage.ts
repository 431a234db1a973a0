// Stash's combineImages (pkg/hash/videophash/phash.go; the sprite generator tiles the same way) on
// disintegration/imaging v1.6.2: a transparent-black NRGBA canvas sized from the FIRST frame, each
// frame copied (imaging.Paste: a copy, not a blend) at its grid cell and clipped to the canvas.
import { createImage, type RgbaImage } from './image.js';

// Copies src onto dst with its top-left corner at (x, y), clipped to dst (imaging.Paste).
function paste(dst: RgbaImage, src: RgbaImage, x: number, y: number): void {
  const x0 = Math.max(x, 0);
  const y0 = Math.max(y, 0);
  const x1 = Math.min(x + src.width, dst.width);
  const y1 = Math.min(y + src.height, dst.height);
  if (x1 <= x0 || y1 <= y0) return;
  for (let row = y0; row < y1; row++) {
    const from = ((row - y) * src.width + (x0 - x)) * 4;
    dst.data.set(src.data.subarray(from, from + (x1 - x0) * 4), (row * dst.width + x0) * 4);
  }
}

// Tiles frames into a columns×rows grid of cells the size of frames[0]. Frame i goes to
// (w·(i % columns), h·⌊i / rows⌋), exactly Stash's formula (it divides by rows; rows == columns in
// every Stash use). Later frames overwrite earlier ones where a differently sized frame overlaps.
export function combineImages(frames: readonly RgbaImage[], columns: number, rows: number): RgbaImage {
  const first = frames[0];
  if (!first) throw new RangeError('combineImages needs at least one frame');
  const w = first.width;
  const h = first.height;
  const canvas = createImage(w * columns, h * rows);
  frames.forEach((frame, i) => {
    paste(canvas, frame, w * (i % columns), h * Math.floor(i / rows));
  });
  return canvas;
}
