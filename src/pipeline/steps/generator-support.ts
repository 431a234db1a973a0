// What the generator steps share: GeneratorDeps from the worker context, the scene's artifact
// name (<hash> per Stash's naming algorithm), the generated folder and the primary file here.
import { ConfigError } from '../../errors.js';
import { sceneArtifactHash, type NamingAlgorithm } from '../../generators/generated-paths.js';
import type { GeneratorDeps } from '../../generators/types.js';
import type { FastPathDisagreement } from '../../media/frame-check.js';
import type { VideoPhashOptions } from '../../phash/video-phash.js';
import type { WorkScene } from '../../stash/api.js';
import type { WorkerContext } from '../context.js';
import { toLocalPath } from '../path-map.js';

// The generators' dependencies for this worker.
export function generatorDeps(ctx: WorkerContext): GeneratorDeps {
  return {
    run: ctx.run,
    runPipe: ctx.runPipe,
    prefetched: ctx.prefetched,
    ffmpeg: ctx.config.ffmpegPath,
    ffprobe: ctx.config.ffprobePath,
    limit: ctx.cpuLimit,
    processes: ctx.config.concurrency,
    logger: ctx.logger,
    signal: ctx.signal,
    timeoutMs: ctx.config.ffmpegTimeoutSeconds * 1000,
    checkFrames: ctx.config.checkFrames,
  };
}

// Options for hashing a video with this worker's ffmpeg, process limit and timeout.
export function videoPhashOptions(ctx: Omit<WorkerContext, 'fence'>): VideoPhashOptions {
  return {
    run: ctx.run,
    runPipe: ctx.runPipe,
    prefetched: ctx.prefetched,
    ffmpeg: ctx.config.ffmpegPath,
    ffprobe: ctx.config.ffprobePath,
    limit: ctx.cpuLimit,
    processes: ctx.config.concurrency,
    signal: ctx.signal,
    timeoutMs: ctx.config.ffmpegTimeoutSeconds * 1000,
    checkFrames: ctx.config.checkFrames,
  };
}

// Watches a step's frame grabs: each fast-path disagreement (media/frame-check.ts) is logged as
// one warning, with what a bug report needs, and counted for the step's result (run statistics
// and /metrics).
export function fastPathWatch(ctx: Pick<WorkerContext, 'logger'>): {
  onFastPathDisagreement: (d: FastPathDisagreement) => void;
  disagreements: () => number;
} {
  let count = 0;
  return {
    onFastPathDisagreement: (d) => {
      count++;
      ctx.logger.warn(
        `${d.path} path disagrees with Stash's command on ${d.input} at -ss ${d.seek}; using Stash's frames for this file`,
        { file: d.input, path: d.path, seek: d.seek, ffmpeg: d.ffmpegVersion },
      );
    },
    disagreements: () => count,
  };
}

// The generated folder as seen from here; a missing one is a configuration problem.
export function generatedDirOf(ctx: WorkerContext): string {
  if (!ctx.generatedDir) {
    throw new ConfigError(
      "Stash reports no generated folder: set --generated-dir (or map Stash's with --path-map)",
    );
  }
  return ctx.generatedDir;
}

// `<hash>` of the scene's generated files: the primary file's oshash or md5.
export function artifactHashOf(scene: WorkScene, ctx: WorkerContext): string {
  const algorithm: NamingAlgorithm = ctx.stash.videoFileNamingAlgorithm === 'MD5' ? 'MD5' : 'OSHASH';
  return sceneArtifactHash(scene.files, algorithm);
}

// The primary file (Stash lists it first) and where it is on this machine.
export function primaryInput(
  scene: WorkScene,
  ctx: WorkerContext,
): { duration: number; path: string } | null {
  const file = scene.files[0];
  return file ? { duration: file.duration, path: toLocalPath(file.path, ctx.config.pathMap) } : null;
}
