// Compares, for one file, every frame each fast path returns with Stash's own command, byte for
// byte, at Stash's phash seeks and sprite seeks (computed from the file's duration the way Stash
// does). The paths are called through their real public functions:
// - stretch:  grabByStretches, every frame it serves;
// - batch:    grabFrames without the stretch path; seeks it leaves to the per-seek command are
//             answered with Stash's own outcome, so every other frame is the batch's;
// - per-seek: grabFrames with every batch failing, so each frame comes from the project's runner
//             running Stash's command (the fallback all fast paths rely on);
// - grabFrames: end to end at the phash seeks, as the phash step calls it (the sprite step makes
//             the same call with its own seeks, which the stretch and batch rows cover).
// "failed" outcomes are compared too: a path must not return an image where Stash gets none.
import pLimit from 'p-limit';
import { MediaError } from '../../src/errors.js';
import { grabFrames, type GrabFramesOptions } from '../../src/media/frame-grab.js';
import { goFloatString } from '../../src/media/go-float.js';
import { probeVideo } from '../../src/media/probe.js';
import { runPipe, runProcess, type ProcessRunner } from '../../src/media/run-process.js';
import { grabByStretches } from '../../src/media/stretch/stretch-grab.js';
import { planSprite } from '../../src/generators/sprite-plan.js';
import { phashTimestamps } from '../../src/phash/timestamps.js';
import { grabStashFrame, type Outcome } from './stash-reference.js';

export const PATHS = ['stretch', 'batch', 'per-seek', 'grabFrames'] as const;
export type FramePath = (typeof PATHS)[number];

export interface Disagreement {
  path: FramePath;
  /** Stash's -ss string, or 'all' for a whole call's outcome. */
  seek: string;
  expected: 'image' | 'failed';
  got: string;
}

export interface FileComparison {
  phashSeeks: number;
  spriteSeeks: number;
  /** Seeks whose Stash outcome is 'failed'. */
  stashFailures: number;
  /** Seeks compared per path (a path may leave seeks to another). */
  compared: Record<FramePath, number>;
  disagreements: Disagreement[];
}

const FFMPEG = 'ffmpeg';
const FFPROBE = 'ffprobe';
// Tells Stash's failure apart in what grabFrames returns (it throws on an empty frame).
const FAILED_MARKER = Buffer.from('stash failed');

// Runs every comparison on `input` with at most `processes` ffmpeg processes at once.
export async function compareFile(input: string, processes = 2): Promise<FileComparison> {
  const video = await probeVideo(runProcess, FFPROBE, input);
  const phash = phashTimestamps(video.fileDuration);
  const sprite = planSprite({ video, countedFrameCount: null, decodedFrameInfo: null }).seconds;
  const all = [...new Map([...phash, ...sprite].map((t) => [goFloatString(t), t])).values()];
  const limit = pLimit(processes);
  const stash = new Map<string, Outcome>();
  await Promise.all(
    all.map((t) => limit(async () => stash.set(goFloatString(t), await grabStashFrame(input, t)))),
  );

  const compared = Object.fromEntries(PATHS.map((p) => [p, 0])) as Record<FramePath, number>;
  const disagreements: Disagreement[] = [];
  const check = (path: FramePath, seek: string, got: Buffer | 'failed'): void => {
    compared[path]++;
    const expected = stash.get(seek)!;
    if (expected === 'failed' && got === 'failed') return;
    if (expected !== 'failed' && got !== 'failed' && got.equals(expected)) return;
    disagreements.push({
      path,
      seek,
      expected: expected === 'failed' ? 'failed' : 'image',
      got: got === 'failed' ? 'failed' : expected === 'failed' ? 'image' : describeDifference(expected, got),
    });
  };
  const base = { ffmpeg: FFMPEG, input, limit, processes, timeoutMs: 120_000 };
  // Issue 10's runtime frame check (--check-frames) re-grabs a fast frame with Stash's command and
  // replaces them all on a difference: off for the batch and per-seek rows, which must see the
  // path's own frames.
  const noFrameCheck = { checkFrames: 0 };
  const seekOf = (args: readonly string[]) => args[args.indexOf('-ss') + 1]!;
  const isPerSeek = (args: readonly string[]) => args.at(-1) === '-';

  // stretch
  const seeks = all.map(goFloatString);
  const served = await grabByStretches({ ...base, run: runProcess, runPipe, ffprobe: FFPROBE, seeks });
  served.forEach((bmp, i) => bmp && check('stretch', seeks[i]!, bmp));

  // batch: per-seek fallbacks answered with Stash's outcome and not counted as the batch's
  const deferred = new Set<string>();
  const batchRun: ProcessRunner = async (o) => {
    if (!isPerSeek(o.args)) return runProcess(o);
    const seek = seekOf(o.args);
    deferred.add(seek);
    const outcome = stash.get(seek)!;
    return {
      stdout: outcome === 'failed' ? FAILED_MARKER : outcome,
      stderr: '',
      durationMs: 0,
      escapedCommand: '',
    };
  };
  // ffprobe (without runPipe: no stretch path) where grabFrames needs it to choose the stream
  const batch = await grabFrames({
    ...base,
    ...noFrameCheck,
    run: batchRun,
    ffprobe: FFPROBE,
    seconds: all,
    minInputsPerProcess: 8,
  });
  batch.forEach((bmp, i) => !deferred.has(seeks[i]!) && check('batch', seeks[i]!, bmp));

  // per-seek: every batch fails, so each frame is the project's runner running Stash's command
  const perSeekRun: ProcessRunner = (o) =>
    isPerSeek(o.args) ? runProcess(o) : Promise.reject(new Error('no batch'));
  await compareCall('per-seek', phash, { ...base, ...noFrameCheck, run: perSeekRun, seconds: phash });

  // end to end, as the phash step calls it (computeVideoPhash's batch sizes for a short file)
  const e2e = {
    ...base,
    run: runProcess,
    runPipe,
    ffprobe: FFPROBE,
    seconds: phash,
    minInputsPerProcess: 13,
  };
  await compareCall('grabFrames', phash, e2e);

  return {
    phashSeeks: phash.length,
    spriteSeeks: sprite.length,
    stashFailures: [...stash.values()].filter((o) => o === 'failed').length,
    compared,
    disagreements,
  };

  // grabFrames either returns every frame or throws for the first it cannot get (Stash's rule).
  async function compareCall(path: FramePath, seconds: readonly number[], options: GrabFramesOptions) {
    const wanted = seconds.map(goFloatString);
    let frames: Buffer[];
    try {
      frames = await grabFrames(options);
    } catch (error) {
      if (!(error instanceof MediaError)) throw error;
      compared[path] += wanted.length;
      if (!wanted.some((s) => stash.get(s) === 'failed'))
        disagreements.push({ path, seek: 'all', expected: 'image', got: `error: ${error.message}` });
      return;
    }
    frames.forEach((bmp, i) => check(path, wanted[i]!, bmp));
  }
}

// "N bytes vs M" or the first differing byte, for the report.
function describeDifference(expected: Buffer, got: Buffer): string {
  if (expected.length !== got.length) return `image of ${got.length} bytes, Stash's has ${expected.length}`;
  let at = 0;
  while (expected[at] === got[at]) at++;
  return `other image (first difference at byte ${at} of ${got.length})`;
}
