// Our whole scene, the way a worker runs it: phash, cover, sprite + VTT, preview (software), each
// step on all cores through one shared process limit, phash and sprite frames from one shared
// decode (the stretch path). Prints the phash.
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { planCover, runCover } from '../../src/generators/cover.js';
import { planPreview } from '../../src/generators/preview-plan.js';
import { DEFAULT_PREVIEW_SETTINGS } from '../../src/generators/preview-settings.js';
import { probePreviewInput, runPreview } from '../../src/generators/preview.js';
import { planSprite } from '../../src/generators/sprite-plan.js';
import { probeSpriteInput, runSprite } from '../../src/generators/sprite.js';
import type { GeneratorDeps } from '../../src/generators/types.js';
import { SOFTWARE_ENCODER } from '../../src/media/hwaccel/types.js';
import { probeVideo } from '../../src/media/probe.js';
import { runPipe, runProcess } from '../../src/media/run-process.js';
import { silentLogger } from '../../src/observability/logger.js';
import { formatPhash } from '../../src/phash/phash-hex.js';
import { phashTimestamps } from '../../src/phash/timestamps.js';
import { computeVideoPhash } from '../../src/phash/video-phash.js';
import { prefetchSharedFrames } from '../../src/pipeline/shared-frames.js';

const [input] = process.argv.slice(2);
if (!input) throw new Error('usage: ours-scene.ts FILE');
const cores = availableParallelism();
const deps: GeneratorDeps = {
  run: runProcess,
  runPipe,
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffprobe',
  limit: pLimit(cores),
  processes: cores,
  logger: silentLogger,
};
const work = mkdtempSync(join(tmpdir(), 'ours-scene-'));
try {
  // As the worker's scene job: plan phash and sprite, grab their frames in one shared decode.
  const duration = (await probeVideo(runProcess, 'ffprobe', input)).fileDuration;
  const spritePlan = planSprite(await probeSpriteInput(deps, input));
  const prefetched = await prefetchSharedFrames(
    [
      { step: 'phash', frames: [{ input, seconds: phashTimestamps(duration) }] },
      { step: 'sprite', frames: [{ input, seconds: spritePlan.seconds }] },
    ],
    deps,
  );
  const { phash } = await computeVideoPhash(input, duration, { ...deps, prefetched });
  await runCover(planCover(input, duration), deps);
  await runSprite(
    spritePlan,
    { ...deps, prefetched },
    {
      spritePath: join(work, 'x_sprite.jpg'),
      vttPath: join(work, 'x_thumbs.vtt'),
    },
  );
  const plan = planPreview(await probePreviewInput(deps, input), DEFAULT_PREVIEW_SETTINGS);
  await runPreview(plan, deps, { output: join(work, 'x.mp4'), encoder: SOFTWARE_ENCODER });
  process.stdout.write(`${formatPhash(phash)}  ${input}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
