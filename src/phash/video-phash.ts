// A video's phash exactly as Stash computes it (stash pkg/hash/videophash/phash.go): 25 frames at
// Stash's seek times, each 160 px wide, pasted into a 5×5 montage at the first frame's size, then
// goimagehash's PerceptionHash. Any frame that fails fails the hash: never a partial hash.
import { access, constants } from 'node:fs/promises';
import { MediaError } from '../errors.js';
import type { CheckFrames, FastPathDisagreement } from '../media/frame-check.js';
import { grabFrames, type Limiter, type PrefetchedFrames } from '../media/frame-grab.js';
import type { PipeRunner, ProcessRunner } from '../media/run-process.js';
import { decodeBmp } from './bmp.js';
import type { RgbaImage } from './image.js';
import { combineImages } from './montage.js';
import { perceptionHash } from './perception-hash.js';
import { PHASH_COLUMNS, PHASH_ROWS, phashTimestamps } from './timestamps.js';

// Below this, per-seek decoding is cheap (a GOP cannot be longer than the file).
const SHORT_FILE_SECONDS = 60;

export interface VideoPhashOptions {
  run: ProcessRunner;
  ffmpeg: string;
  /** With runPipe: the stretch frame path (src/media/stretch/), proven frame-identical. */
  ffprobe?: string | undefined;
  runPipe?: PipeRunner | undefined;
  prefetched?: PrefetchedFrames | undefined;
  limit: Limiter;
  /** ffmpeg processes to spread one video's 25 grabs over. */
  processes: number;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** Fast-served frames checked against Stash's command (media/frame-check.ts). @default 1 */
  checkFrames?: CheckFrames | undefined;
  onFastPathDisagreement?: ((d: FastPathDisagreement) => void) | undefined;
}

export interface VideoPhash {
  phash: bigint;
  montage: RgbaImage;
}

// Hashes `input` using `duration`, the duration Stash stores for the file (2-decimal format duration).
export async function computeVideoPhash(
  input: string,
  duration: number,
  options: VideoPhashOptions,
): Promise<VideoPhash> {
  if (!Number.isFinite(duration) || duration < 0) {
    throw new MediaError(input, `invalid duration ${duration}`);
  }
  await access(input, constants.R_OK).catch((cause: unknown) => {
    throw new MediaError(input, 'file is missing or not readable', { cause });
  });
  const bmps = await grabFrames({
    ...options,
    input,
    seconds: phashTimestamps(duration),
    // A short file's seeks are cheap next to an ffmpeg start: split them evenly, once.
    minInputsPerProcess: duration < SHORT_FILE_SECONDS ? Math.ceil(25 / Math.max(1, options.processes)) : 1,
  });
  const frames = bmps.map((bmp, i) => {
    try {
      return decodeBmp(bmp);
    } catch (cause) {
      throw new MediaError(input, `frame ${i + 1}/25: cannot decode ffmpeg's image`, { cause });
    }
  });
  const montage = combineImages(frames, PHASH_COLUMNS, PHASH_ROWS);
  return { phash: perceptionHash(montage), montage };
}
