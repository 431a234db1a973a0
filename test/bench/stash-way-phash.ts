// The Stash way, as a baseline: 25 sequential ffmpeg processes with Stash's exact arguments
// (stash pkg/hash/videophash/phash.go), then the same montage + hash. Prints the phash.
import { execFileSync } from 'node:child_process';
import { buildScreenshotArgs } from '../../src/media/screenshot-args.js';
import { decodeBmp } from '../../src/phash/bmp.js';
import { combineImages } from '../../src/phash/montage.js';
import { perceptionHash } from '../../src/phash/perception-hash.js';
import { formatPhash } from '../../src/phash/phash-hex.js';
import { phashTimestamps } from '../../src/phash/timestamps.js';

const [input, durationArg] = process.argv.slice(2);
if (!input || !durationArg) throw new Error('usage: stash-way-phash.ts FILE DURATION');
const frames = phashTimestamps(Number(durationArg)).map((t) =>
  decodeBmp(
    execFileSync('ffmpeg', buildScreenshotArgs(input, t), {
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 1 << 26,
    }),
  ),
);
process.stdout.write(`${formatPhash(perceptionHash(combineImages(frames, 5, 5)))}  ${input}\n`);
