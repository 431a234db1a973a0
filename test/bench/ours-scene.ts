// Our whole scene, the way a worker runs it: phash, cover, sprite + VTT, preview (software), each
// step on all cores through one shared process limit, phash and sprite frames from one shared
// decode (the stretch path); src/bench/ours.ts, shared with `phashvaapi bench`. Prints the phash.
import { availableParallelism, tmpdir } from 'node:os';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { oursCover, oursPhashAndSprite, oursPreview } from '../../src/bench/ours.js';
import { DEFAULT_PREVIEW_SETTINGS } from '../../src/generators/preview-settings.js';
import type { GeneratorDeps } from '../../src/generators/types.js';
import { SOFTWARE_ENCODER } from '../../src/media/hwaccel/types.js';
import { probeVideo } from '../../src/media/probe.js';
import { runPipe, runProcess } from '../../src/media/run-process.js';
import { silentLogger } from '../../src/observability/logger.js';

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
  const duration = (await probeVideo(runProcess, 'ffprobe', input)).fileDuration;
  const { phash } = await oursPhashAndSprite(deps, input, duration, {
    spritePath: join(work, 'x_sprite.jpg'),
    vttPath: join(work, 'x_thumbs.vtt'),
  });
  await oursCover(deps, input, duration);
  await oursPreview(deps, input, DEFAULT_PREVIEW_SETTINGS, SOFTWARE_ENCODER, join(work, 'x.mp4'));
  process.stdout.write(`${phash}  ${input}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
