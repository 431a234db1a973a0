// What every generator's run function receives: injected, never global (see docs/style.md §1).
import type { CheckFrames, FastPathDisagreement } from '../media/frame-check.js';
import type { Limiter, PrefetchedFrames } from '../media/frame-grab.js';
import type { PipeRunner, ProcessRunner } from '../media/run-process.js';
import type { Logger } from '../observability/logger.js';

export interface GeneratorDeps {
  /** The one process runner (src/media/run-process.ts) or a test double. */
  readonly run: ProcessRunner;
  /** Enables the stretch frame path for sprite frames (src/media/stretch/). */
  readonly runPipe?: PipeRunner | undefined;
  /** Frames already grabbed for this scene, by frameKey(input, seek). */
  readonly prefetched?: PrefetchedFrames | undefined;
  readonly ffmpeg: string;
  readonly ffprobe: string;
  /** Bounds concurrent ffmpeg processes; shared across scenes (p-limit). */
  readonly limit: Limiter;
  /** ffmpeg processes one file's frame grabs are spread over (usually the core count). */
  readonly processes: number;
  readonly logger: Logger;
  readonly signal?: AbortSignal | undefined;
  /** Per ffmpeg run; the runner's default when absent. */
  readonly timeoutMs?: number | undefined;
  /** SIGTERM → SIGKILL grace; the runner's default when absent. */
  readonly killGraceMs?: number | undefined;
  /** Fast-served frames checked against Stash's command (media/frame-check.ts). @default 1 */
  readonly checkFrames?: CheckFrames | undefined;
  readonly onFastPathDisagreement?: ((d: FastPathDisagreement) => void) | undefined;
}

// The runner options every generator passes through (signal, timeout, kill grace).
export function runLimits(deps: GeneratorDeps): {
  signal: AbortSignal | undefined;
  timeoutMs: number | undefined;
  killGraceMs: number | undefined;
} {
  return { signal: deps.signal, timeoutMs: deps.timeoutMs, killGraceMs: deps.killGraceMs };
}
