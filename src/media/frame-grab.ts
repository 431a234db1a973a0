// Grabs single frames as BMP bytes, exactly as Stash's per-frame command produces them, but faster:
// several seeks share one ffmpeg process (one `-ss T -i FILE` input per seek, one output each),
// every decoder runs single-threaded, and processes run in parallel up to the caller's limit.
//
// Why the frames stay identical: each input is opened and seeked on its own, exactly like a
// separate process, and goes through its own `scale=160:-2` → bmp → rawvideo chain. H.264/HEVC/...
// decoders are bit-exact whatever their thread count. test/integration/phash/frame-identity.test.ts
// compares every frame with Stash's own command, byte for byte, across the corpus's containers.
//
// Why it is faster: an ffmpeg start costs ~60 ms (most of a short file's grab), and a decoder with
// N threads burns CPU on frame-threading warm-up that a one-frame grab never amortizes.
//
// When a batch fails or yields an empty frame, its seeks are re-run one per process with Stash's
// exact arguments, so errors (and what counts as an error) are Stash's, frame by frame.
//
// Each output of a batch must take its own input, hence a `-map` that Stash's command lacks. It
// names the stream ffmpeg would pick by itself, and only where that choice is certain
// (media/video-stream.ts); any other file is grabbed entirely with Stash's own command.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError } from '../errors.js';
import {
  DEFAULT_CHECK_FRAMES,
  ffmpegVersionLine,
  pickChecks,
  verifyFastFrames,
  type CheckFrames,
  type FastPath,
  type FastPathDisagreement,
} from './frame-check.js';
import { goFloatString } from './go-float.js';
import type { PipeRunner, ProcessRunner } from './run-process.js';
import { buildScreenshotArgs, SCREENSHOT_WIDTH } from './screenshot-args.js';
import { grabByStretches } from './stretch/stretch-grab.js';
import { probeStashVideoStream } from './video-stream.js';

export type Limiter = <T>(fn: () => Promise<T>) => Promise<T>;

export interface GrabFramesOptions {
  run: ProcessRunner;
  ffmpeg: string;
  input: string;
  /** Seek times in seconds, in output order. */
  seconds: readonly number[];
  /** Bounds the number of ffmpeg processes running at once (shared across files). */
  limit: Limiter;
  /** How many processes to spread this file's seeks over (usually the core count). */
  processes: number;
  /** Upper bound on inputs per process (each holds a decoder in memory). @default 8 */
  maxInputsPerProcess?: number;
  /**
   * Smallest number of seeks per process. Large for short files, where an ffmpeg start costs
   * more than a seek; 1 for long files, where seeks are expensive and even load matters more.
   * @default 1
   */
  minInputsPerProcess?: number;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /**
   * With ffprobe, seeks are grabbed in batches (see above); with runPipe too, seeks that the
   * stretch path (media/stretch/) can serve are: each keyframe's stretch decoded once for all its
   * seeks, reference frames only. Without ffprobe every seek runs Stash's own command.
   */
  ffprobe?: string | undefined;
  runPipe?: PipeRunner | undefined;
  /** Frames grabbed earlier (one decode shared by several steps; pipeline/shared-frames.ts). */
  prefetched?: PrefetchedFrames | undefined;
  /** Fast-served frames re-grabbed with Stash's command to check them (media/frame-check.ts). @default 1 */
  checkFrames?: CheckFrames | undefined;
  /** Told when a checked frame differs (the file's fast frames are then all re-grabbed). */
  onFastPathDisagreement?: ((d: FastPathDisagreement) => void) | undefined;
  /** Told, before the frame check, which path delivered each frame (null: Stash's command). */
  onPaths?: ((paths: readonly (FastPath | null)[]) => void) | undefined;
}

export interface PrefetchedFrames {
  /** Files the stretch path has already been tried on (no second try). */
  readonly tried: ReadonlySet<string>;
  /** BMP bytes by frameKey(input, seek). */
  readonly frames: ReadonlyMap<string, Buffer>;
}

// Key of a prefetched frame: the file and Stash's -ss string.
export function frameKey(input: string, seek: string): string {
  return `${input}\n${seek}`;
}

// argv for one process that grabs one frame per seek into `outDir/<i>.bmp`, each from stream
// `stream` of its own input (the one Stash's command picks: media/video-stream.ts).
export function buildBatchGrabArgs(
  input: string,
  seconds: readonly number[],
  outDir: string,
  stream: number,
): string[] {
  const args = ['-v', 'error', '-y'];
  for (const t of seconds) args.push('-threads', '1', '-ss', goFloatString(t), '-i', input);
  seconds.forEach((_, i) => {
    // prettier-ignore
    args.push('-map', `${i}:${stream}`, '-frames:v', '1', '-vf', `scale=${SCREENSHOT_WIDTH}:-2`,
      '-c:v', 'bmp', '-f', 'rawvideo', join(outDir, `${i}.bmp`));
  });
  return args;
}

// Splits indices 0..n-1 into `parts` contiguous runs of near-equal size, none over `max`.
export function splitIntoBatches(n: number, parts: number, max: number): number[][] {
  const count = Math.max(Math.ceil(n / max), Math.min(Math.max(parts, 1), n));
  const batches: number[][] = [];
  for (let b = 0; b < count; b++) {
    const start = Math.floor((b * n) / count);
    const end = Math.floor(((b + 1) * n) / count);
    if (end > start) batches.push(Array.from({ length: end - start }, (_, k) => start + k));
  }
  return batches;
}

// Guided self-scheduling: each lane takes ceil(remaining / (2 * lanes)) seeks (within the bounds)
// from the front of the queue, so early processes are big and the last ones small; lanes that
// finish early take more, and all lanes end at about the same time.
export function nextChunkSize(remaining: number, lanes: number, min: number, max: number): number {
  return Math.min(remaining, max, Math.max(min, Math.ceil(remaining / (2 * lanes)), 1));
}

// Returns one BMP buffer per requested seek; throws a MediaError naming the first bad frame.
// Order of preference: frames prefetched for this scene, the stretch path (seeks it cannot plan
// are grabbed in batches meanwhile), batched per-seek grabs, and Stash's own command per frame.
export async function grabFrames(options: GrabFramesOptions): Promise<Buffer[]> {
  const seeks = options.seconds.map(goFloatString);
  const frames = seeks.map((seek) => options.prefetched?.frames.get(frameKey(options.input, seek)) ?? null);
  // Prefetched frames come from the stretch path (pipeline/shared-frames.ts).
  const paths: (FastPath | null)[] = frames.map((f) => (f ? 'stretch' : null));
  const open = frames.flatMap((f, i) => (f ? [] : [i]));
  const { ffprobe, runPipe } = options;
  // The stream batches map to, probed once and only if a batch runs.
  let stream: Promise<number | null> | null = null;
  const batchStream = (): Promise<number | null> =>
    (stream ??= ffprobe
      ? options.limit(() => probeStashVideoStream(options.run, ffprobe, options.input, options))
      : Promise.resolve(null));
  const tried = options.prefetched?.tried.has(options.input) ?? false;
  // The frame check's grabs, drawn now among every seek a fast path may serve and run beside the
  // fast paths (media/frame-check.ts). Without ffprobe no fast path runs and nothing is drawn.
  const checkFrames = options.checkFrames ?? DEFAULT_CHECK_FRAMES;
  const started = new Map(
    ffprobe
      ? pickChecks(
          seeks.map((_, i) => i),
          checkFrames,
        ).map((i) => [i, options.limit(() => grabOne(options, i)).catch(() => null)] as const)
      : [],
  );
  if (ffprobe && runPipe && !tried && open.length > 0) {
    let batches: Promise<void> = Promise.resolve();
    const got = await grabByStretches({
      ...options,
      ffprobe,
      runPipe,
      seeks: open.map((i) => seeks[i]!),
      onUnplanned: (unplanned) =>
        (batches = grabInBatches(
          options,
          batchStream,
          unplanned.map((k) => open[k]!),
          frames,
          paths,
        )),
    });
    got.forEach((bmp, k) => {
      if (bmp) [frames[open[k]!], paths[open[k]!]] = [bmp, 'stretch'];
    });
    await batches;
  }
  await grabInBatches(
    options,
    batchStream,
    frames.flatMap((f, i) => (f ? [] : [i])),
    frames,
    paths,
  );
  // Authoritative re-run, Stash's way, for anything the fast paths did not deliver (a drawn
  // check already ran it; if that failed, the re-run throws Stash's error).
  const missing = frames.flatMap((f, i) => (f ? [] : [i]));
  await Promise.all(
    missing.map(async (i) => {
      frames[i] = (await started.get(i)) ?? (await options.limit(() => grabOne(options, i)));
    }),
  );
  options.onPaths?.(paths);
  await verifyFastFrames({
    frames: frames as Buffer[],
    paths,
    checkFrames,
    started,
    seeks,
    grabExact: (i) => options.limit(() => grabOne(options, i)),
    version: () => ffmpegVersionLine(options.run, options.ffmpeg),
    input: options.input,
    onDisagreement: options.onFastPathDisagreement,
  });
  return frames as Buffer[];
}

// Grabs the seeks at `indices` in multi-input processes spread over lanes; fills `frames`. Leaves
// them all to Stash's command when the stream ffmpeg would pick is not certain.
async function grabInBatches(
  options: GrabFramesOptions,
  batchStream: () => Promise<number | null>,
  indices: number[],
  frames: (Buffer | null)[],
  paths: (FastPath | null)[],
): Promise<void> {
  if (indices.length === 0) return;
  const stream = await batchStream();
  if (stream === null) return;
  const queue = [...indices];
  const lanes = Math.max(1, Math.min(options.processes, queue.length));
  const max = options.maxInputsPerProcess ?? 8;
  const min = options.minInputsPerProcess ?? 1;
  const lane = async (): Promise<void> => {
    while (queue.length > 0) {
      if (options.signal?.aborted) throw options.signal.reason;
      const chunk = queue.splice(0, nextChunkSize(queue.length, lanes, min, max));
      const got = await options.limit(() =>
        grabBatch(
          options,
          stream,
          chunk.map((i) => options.seconds[i]!),
        ),
      );
      chunk.forEach((i, k) => {
        frames[i] = got[k] ?? null;
        paths[i] = frames[i] ? 'batch' : null;
      });
    }
  };
  await Promise.all(Array.from({ length: lanes }, lane));
}

// One process, many seeks; returns null entries for frames it could not deliver.
async function grabBatch(
  options: GrabFramesOptions,
  stream: number,
  seconds: number[],
): Promise<(Buffer | null)[]> {
  const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-frames-'));
  try {
    try {
      await options.run({
        bin: options.ffmpeg,
        args: buildBatchGrabArgs(options.input, seconds, dir, stream),
        signal: options.signal,
        timeoutMs: options.timeoutMs,
      });
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return seconds.map(() => null);
    }
    return await Promise.all(
      seconds.map(async (_, i) => {
        const bytes = await readFile(join(dir, `${i}.bmp`)).catch(() => null);
        return bytes && bytes.length > 0 ? bytes : null;
      }),
    );
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// Stash's exact per-frame command (stash pkg/ffmpeg/transcoder/screenshot.go).
async function grabOne(options: GrabFramesOptions, index: number): Promise<Buffer> {
  const t = options.seconds[index]!;
  const where = `frame ${index + 1}/${options.seconds.length} at ${goFloatString(t)} s`;
  let stdout: Buffer;
  try {
    ({ stdout } = await options.run({
      bin: options.ffmpeg,
      args: buildScreenshotArgs(options.input, t),
      signal: options.signal,
      timeoutMs: options.timeoutMs,
    }));
  } catch (cause) {
    if (options.signal?.aborted) throw cause;
    const detail = cause instanceof Error && 'stderrTail' in cause ? String(cause.stderrTail).trim() : '';
    throw new MediaError(options.input, `${where}: ffmpeg failed${detail ? `: ${lastLine(detail)}` : ''}`, {
      cause,
    });
  }
  if (stdout.length === 0) throw new MediaError(options.input, `${where}: ffmpeg returned no image`);
  return stdout;
}

function lastLine(text: string): string {
  const lines = text.split('\n').filter((l) => l.trim());
  return lines[lines.length - 1] ?? text;
}
