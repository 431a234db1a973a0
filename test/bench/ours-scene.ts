// Our whole scene, the way a worker runs it: phash, cover, sprite + VTT, preview (software), each
// step on all cores through one shared process limit. Prints the phash.
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { planCover, runCover } from '../../src/generators/cover.js';
import { planPreview } from '../../src/generators/preview-plan.js';
import { DEFAULT_PREVIEW_SETTINGS } from '../../src/generators/preview-settings.js';
import { probePreviewInput, runPreview } from '../../src/generators/preview.js';
import { generateSprite } from '../../src/generators/sprite.js';
import type { GeneratorDeps } from '../../src/generators/types.js';
import { SOFTWARE_ENCODER } from '../../src/media/hwaccel/types.js';
import { runProcess } from '../../src/media/run-process.js';
import { silentLogger } from '../../src/observability/logger.js';
import { hashFile } from '../../src/phash/hash-file.js';
import { formatPhash } from '../../src/phash/phash-hex.js';

const [input] = process.argv.slice(2);
if (!input) throw new Error('usage: ours-scene.ts FILE');
const cores = availableParallelism();
const deps: GeneratorDeps = {
  run: runProcess,
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffprobe',
  limit: pLimit(cores),
  processes: cores,
  logger: silentLogger,
};
const work = mkdtempSync(join(tmpdir(), 'ours-scene-'));
try {
  const { phash, duration } = await hashFile(input, { ...deps, ffprobe: 'ffprobe' });
  await runCover(planCover(input, duration), deps);
  await generateSprite(deps, input, {
    spritePath: join(work, 'x_sprite.jpg'),
    vttPath: join(work, 'x_thumbs.vtt'),
  });
  const plan = planPreview(await probePreviewInput(deps, input), DEFAULT_PREVIEW_SETTINGS);
  await runPreview(plan, deps, { output: join(work, 'x.mp4'), encoder: SOFTWARE_ENCODER });
  process.stdout.write(`${formatPhash(phash)}  ${input}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
