// An 8-bit RGBA raster with straight (non-premultiplied) alpha, row-major, 4 bytes per pixel:
// the in-memory equivalent of Go's *image.NRGBA with Stride = 4*width and Rect at (0,0).
export interface RgbaImage {
  readonly width: number;
  readonly height: number;
  readonly data: Uint8Array;
}

// A fully transparent black image (Go: imaging.New(w, h, color.NRGBA{})).
export function createImage(width: number, height: number): RgbaImage {
  return { width, height, data: new Uint8Array(width * height * 4) };
}
