// Stash's single-frame grab (stash pkg/ffmpeg/transcoder/screenshot.go ScreenshotTime, used by
// the phash and the sprite): input seek before -i, one frame, 160 px wide, BMP on stdout.
// These exact arguments decide the pixels; do not add -pix_fmt, hwaccel or filters here.
import { goFloatString } from './go-float.js';

export const SCREENSHOT_WIDTH = 160;

// argv (without the ffmpeg binary) for Stash's BMP frame grab at `seconds`.
export function buildScreenshotArgs(input: string, seconds: number, width = SCREENSHOT_WIDTH): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-y',
    '-ss', goFloatString(seconds),
    '-i', input,
    '-frames:v', '1',
    '-vf', `scale=${width}:-2`,
    '-c:v', 'bmp',
    '-f', 'rawvideo',
    '-',
  ];
}

// Stash's slow-seek grab of frame number `frame` (sprites of very short videos):
// stash pkg/ffmpeg/transcoder/screenshot.go with the select filter; `\,` is literal in argv.
export function buildFrameSelectArgs(input: string, frame: number, width = SCREENSHOT_WIDTH): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-y',
    '-i', input,
    '-frames:v', '1',
    '-vsync', '0',
    '-vf', `select=eq(n\\,${frame}),scale=${width}:-2`,
    '-c:v', 'bmp',
    '-f', 'rawvideo',
    '-',
  ];
}
