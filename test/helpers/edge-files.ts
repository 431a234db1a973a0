// Small synthesized files for the regression tests of issue 10 (exact frames in the wild), and
// Stash's per-seek command run the plain way as the reference: ffmpeg writes the image to a file,
// so no stdout handling of ours (or of any library) can touch its bytes.
import { execFile } from 'node:child_process';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { buildScreenshotArgs } from '../../src/media/screenshot-args.js';
import { decodeBmp } from '../../src/phash/bmp.js';
import { combineImages } from '../../src/phash/montage.js';
import { perceptionHash } from '../../src/phash/perception-hash.js';
import { PHASH_COLUMNS, PHASH_ROWS } from '../../src/phash/timestamps.js';
import { hideSyncSampleTables, moveUdtaBeforeTracks } from './mp4-rewrite.js';

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

// Stash's 25 frames of a file (each written to a file by Stash's own command) and the phash Stash
// computes from them (montage + PerceptionHash, both proven against Stash's vectors elsewhere).
export async function stashPhashOf(
  input: string,
  seconds: readonly number[],
  dir: string,
): Promise<{ frames: Buffer[]; phash: bigint }> {
  const frames: Buffer[] = [];
  for (const [i, t] of seconds.entries()) frames.push(await stashFrameViaFile(input, t, dir, `stash-${i}`));
  const montage = combineImages(frames.map(decodeBmp), PHASH_COLUMNS, PHASH_ROWS);
  return { frames, phash: perceptionHash(montage) };
}

// An MP4 with two real H.264 video streams: stream 0 small (4:3) and not default, stream 1 larger
// (16:9) and default. ffmpeg's rule picks stream 1 (larger area, and the default flag), so Stash's
// frames are 160×90; `-map 0:v:0` would give 160×120 frames of the other picture.
export async function makeTwoVideoStreams(path: string, seconds: number): Promise<void> {
  // prettier-ignore
  await exec('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', `testsrc=size=320x240:rate=25:duration=${seconds}`,
    '-f', 'lavfi', '-i', `testsrc2=size=640x360:rate=25:duration=${seconds}`,
    '-map', '0:v', '-map', '1:v', '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-pix_fmt', 'yuv420p',
    '-disposition:v:0', '0', '-disposition:v:1', 'default', path,
  ]);
}

// An MP4 whose first stream is an attached cover picture and whose second is the video (ffmpeg's
// muxer writes the cover into moov/udta after the tracks; moving udta first makes the demuxer
// create the cover's stream first). `-map 0:v:0` names the cover; ffmpeg's own choice, and so
// Stash's frames, is the video.
export async function makeCoverFirst(path: string, seconds: number, dir: string): Promise<void> {
  const cover = join(dir, 'cover.png');
  const plain = join(dir, 'cover-last.mp4');
  await exec('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'lavfi',
    '-i',
    'color=c=red:s=600x600',
    '-frames:v',
    '1',
    cover,
  ]);
  // prettier-ignore
  await exec('ffmpeg', [
    '-v', 'error', '-y', '-i', cover,
    '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`,
    '-map', '0:v', '-map', '1:v', '-c:v:0', 'png', '-disposition:v:0', 'attached_pic',
    '-c:v:1', 'libx264', '-preset', 'veryfast', '-g', '50', '-bf', '2', '-pix_fmt', 'yuv420p', plain,
  ]);
  await writeFile(path, moveUdtaBeforeTracks(await readFile(plain)));
}

// A multi-GOP H.264 MP4 (IDR every 50 frames, B-frames) whose `stss` box is renamed `free`: ffmpeg's
// demuxer then treats every sample as a keyframe, while ffprobe still flags only the IDR frames.
export async function makeWithoutStss(path: string, seconds: number, dir: string): Promise<void> {
  const plain = join(dir, 'with-stss.mp4');
  // prettier-ignore
  await exec('ffmpeg', [
    '-v', 'error', '-y', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${seconds}`,
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
    '-bf', '3', '-pix_fmt', 'yuv420p', plain,
  ]);
  const { buf, renamed } = hideSyncSampleTables(await readFile(plain));
  if (renamed !== 1) throw new Error(`expected one stss box, renamed ${renamed}`);
  await writeFile(path, buf);
}
