// Small synthesized files for the regression tests of issue 10 (exact frames in the wild), and
// Stash's per-seek command run the plain way as the reference: ffmpeg writes the image to a file,
// so no stdout handling of ours (or of any library) can touch its bytes.
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildScreenshotArgs } from '../../src/media/screenshot-args.js';

export const exec = promisify(execFile);

// A flat 320×240 H.264 clip whose every pixel decodes to one colour, given as Y/U/V (limited range).
// Stash's 160-wide BMP has 480-byte rows (no padding) and is stored bottom-up, so its last bytes
// are the top-right pixel's B, G, R. Found by decoding with this ffmpeg (Debian 5.1):
//   Y=26 U=121 V=127 → B,G,R = 00 0D 0A  (the BMP ends in 0D 0A)
//   Y=27 U=121 V=127 → B,G,R = 00 0E 0B  (control: no newline at the end)
// and the issue's own recipe, colour 0x0a0a0a → R = 0A (the BMP ends in 0A). The tests check the
// last bytes of the reference before relying on them.
export async function makeFlatClip(
  path: string,
  colour: { yuv: [number, number, number] } | { rgb: string },
  seconds: number,
): Promise<void> {
  const source =
    'rgb' in colour
      ? `color=c=${colour.rgb}:s=320x240:r=25`
      : `color=c=black:s=320x240:r=25,format=yuv420p,lutyuv=y=${colour.yuv[0]}:u=${colour.yuv[1]}:v=${colour.yuv[2]}`;
  // prettier-ignore
  await exec('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-t', String(seconds),
    '-c:v', 'libx264', '-pix_fmt', 'yuv420p', path,
  ]);
}

// Stash's per-seek command with its output sent to a file instead of stdout (same muxer, same bytes).
export async function stashFrameViaFile(
  input: string,
  seconds: number,
  dir: string,
  name: string,
): Promise<Buffer> {
  const out = join(dir, `${name}.bmp`);
  const args = buildScreenshotArgs(input, seconds);
  args[args.length - 1] = out;
  await exec('ffmpeg', args);
  return readFile(out);
}

// Stash's slow-seek (select filter) command, output to a file likewise.
export async function stashSelectFrameViaFile(
  args: readonly string[],
  dir: string,
  name: string,
): Promise<Buffer> {
  const out = join(dir, `${name}.bmp`);
  await exec('ffmpeg', [...args.slice(0, -1), out]);
  return readFile(out);
}
