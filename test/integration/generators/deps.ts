// Real dependencies for generator integration tests (real ffmpeg through the one runner).
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { GeneratorDeps } from '../../../src/generators/types.js';
import { runProcess } from '../../../src/media/run-process.js';
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
