// What the generator steps share: GeneratorDeps from the worker context, the scene's artifact
// name (<hash> per Stash's naming algorithm), the generated folder and the primary file here.
import { ConfigError } from '../../errors.js';
import { sceneArtifactHash, type NamingAlgorithm } from '../../generators/generated-paths.js';
import type { GeneratorDeps } from '../../generators/types.js';
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
