// What every pipeline step receives: resolved config, Stash, ffmpeg and the worker's guards.
// Built once per worker (service/cli/setup.ts); tests build their own.
import type { Config, StepId } from '../config/types.js';
import type { Limiter, PrefetchedFrames } from '../media/frame-grab.js';
import type { EncoderChoice } from '../media/hwaccel/types.js';
import type { PipeRunner, ProcessRunner } from '../media/run-process.js';
import type { Logger } from '../observability/logger.js';
import type { StashConfiguration, WorkScene } from '../stash/api.js';
import type { StashClient } from '../stash/client.js';

export interface WorkerContext {
  config: Config;
  client: StashClient;
  logger: Logger;
  run: ProcessRunner;
  /** Enables the stretch frame path (src/media/stretch/); absent with fake runners. */
  runPipe?: PipeRunner | undefined;
  /** Frames grabbed once for several steps of the current scene (shared-frames.ts). */
  prefetched?: PrefetchedFrames | undefined;
  /** Bounds ffmpeg processes across all scenes of this worker. */
  cpuLimit: Limiter;
  /** Stash's configuration.general, read at start. */
  stash: StashConfiguration;
  /** Stash's generated folder as seen from here; null when no step needs it. */
  generatedDir: string | null;
  signal: AbortSignal;
  /** The preview encoder for --hwaccel, detected once on first use (HwAccelUnavailableError if required and absent). */
  encoder: () => Promise<EncoderChoice>;
  /** Called right before each write to Stash; throws ClaimLostError when our claim may be gone. */
  fence: (sceneId: string) => Promise<void>;
}

// A step's plan for one scene: what it would do, in words and as commands a user can paste.
export interface StepPlan<T = unknown> {
  step: StepId;
  summary: string;
  commands: string[];
  data: T;
  /** Stash seeks the step will grab (phash, sprite), so steps can share one decode. */
  frames?: readonly FrameWants[];
}

export interface FrameWants {
  input: string;
  seconds: readonly number[];
}

export interface StepResult {
  detail: string;
  /** True when a hardware encoder did the work (metrics: hardware vs software share). */
  hardware?: boolean;
  /** Files whose fast-path frames disagreed with Stash's command (media/frame-check.ts). */
  fastPathDisagreements?: number;
}

// One pipeline step (phash, cover, sprite, ...): plan it (no writes), then run the plan.
export interface SceneStep<T = unknown> {
  id: StepId;
  /** null: nothing to do for this scene (already done, or not applicable). */
  plan(scene: WorkScene, ctx: WorkerContext): Promise<StepPlan<T> | null>;
  run(plan: StepPlan<T>, scene: WorkScene, ctx: WorkerContext): Promise<StepResult>;
}
