// The Stash way, as a baseline: Stash's 25 frame grabs (stash pkg/hash/videophash/phash.go), one
// ffmpeg process after another with Stash's exact arguments, as a shell script — only ffmpeg is
// timed, as in Stash (a Go process whose own cost is negligible). The hash of those frames is
// computed afterwards, untimed, to check that both ways agree.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildScreenshotArgs } from '../../src/media/screenshot-args.js';
import { toShell } from '../../src/media/shell-quote.js';
import { decodeBmp } from '../../src/phash/bmp.js';
import { combineImages } from '../../src/phash/montage.js';
import { perceptionHash } from '../../src/phash/perception-hash.js';
import { formatPhash } from '../../src/phash/phash-hex.js';
import { phashTimestamps } from '../../src/phash/timestamps.js';

// Writes the script into `dir` and returns its path; frames land in `dir/<i>.bmp`.
export function writeStashWayScript(dir: string, input: string, duration: number): string {
  const lines = phashTimestamps(duration).map(
    (t, i) => `${toShell('ffmpeg', buildScreenshotArgs(input, t))} > ${join(dir, `${i}.bmp`)}`,
  );
  const script = join(dir, 'stash-way.sh');
  writeFileSync(script, `set -e\n${lines.join('\n')}\n`);
  return script;
}

// The phash of the frames the script wrote.
export function hashStashWayFrames(dir: string): string {
  const frames = Array.from({ length: 25 }, (_, i) => decodeBmp(readFileSync(join(dir, `${i}.bmp`))));
  return formatPhash(perceptionHash(combineImages(frames, 5, 5)));
}
