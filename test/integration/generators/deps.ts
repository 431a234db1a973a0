// Real dependencies for generator integration tests (real ffmpeg through the one runner).
import { execFile } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import type { GeneratorDeps } from '../../../src/generators/types.js';
import { runProcess, type ProcessRunner } from '../../../src/media/run-process.js';
import { createMemoryLogger } from '../../../src/observability/logger.js';

// Fresh deps with a memory logger; `over` replaces any field (e.g. a fake ffmpeg, a short timeout).
export function realDeps(
  over: Partial<GeneratorDeps> = {},
): GeneratorDeps & { logger: ReturnType<typeof createMemoryLogger> } {
  const cores = availableParallelism();
  return {
    run: runProcess,
    ffmpeg: 'ffmpeg',
    ffprobe: 'ffprobe',
    limit: pLimit(cores),
    processes: cores,
    logger: createMemoryLogger(),
    ...over,
  } as GeneratorDeps & { logger: ReturnType<typeof createMemoryLogger> };
}

export interface OutputFacts {
  duration: number;
  streams: string[];
  width: number;
  height: number;
}

// ffprobe facts of a generated file (container duration, stream codecs, video size).
export async function probeOutput(path: string): Promise<OutputFacts> {
  const { stdout } = await promisify(execFile)('ffprobe', [
    '-v',
    'error',
    '-print_format',
    'json',
    '-show_format',
    '-show_streams',
    path,
  ]);
  const json = JSON.parse(stdout) as {
    format: { duration: string };
    streams: { codec_name: string; width?: number; height?: number }[];
  };
  const video = json.streams.find((s) => s.width);
  return {
    duration: Number(json.format.duration),
    streams: json.streams.map((s) => s.codec_name),
    width: video?.width ?? 0,
    height: video?.height ?? 0,
  };
}

// Wraps a runner and records every argv it is asked to run.
export function recordingRunner(inner: ProcessRunner): ProcessRunner & { calls: string[][] } {
  const calls: string[][] = [];
  const run: ProcessRunner = (options) => {
    calls.push([...options.args]);
    return inner(options);
  };
  return Object.assign(run, { calls });
}
