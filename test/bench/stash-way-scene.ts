// The Stash way for a whole scene, as a baseline: Stash's Generate runs phash, cover, sprite and
// preview one after another, each ffmpeg command sequentially, with Stash's exact arguments
// (src/bench/stash-way.ts, shared with `phashvaapi bench`). Prints the phash.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { stashWayCover, stashWayPhash, stashWayPreview, stashWaySprite } from '../../src/bench/stash-way.js';
import { DEFAULT_PREVIEW_SETTINGS } from '../../src/generators/preview-settings.js';
import type { GeneratorDeps } from '../../src/generators/types.js';
import { probeVideo } from '../../src/media/probe.js';
import { runProcess } from '../../src/media/run-process.js';
import { silentLogger } from '../../src/observability/logger.js';

const [input] = process.argv.slice(2);
if (!input) throw new Error('usage: stash-way-scene.ts FILE');
const deps: GeneratorDeps = {
  run: runProcess,
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffprobe',
  limit: pLimit(1),
  processes: 1,
  logger: silentLogger,
};
const work = mkdtempSync(join(tmpdir(), 'stash-way-'));
try {
  const duration = (await probeVideo(runProcess, 'ffprobe', input)).fileDuration;
  const phash = await stashWayPhash(deps, input, duration);
  await stashWayCover(deps, input, duration, work);
  await stashWaySprite(deps, input, join(work, 'x_sprite.jpg'));
  await stashWayPreview(deps, input, DEFAULT_PREVIEW_SETTINGS, work, join(work, 'preview.mp4'));
  process.stdout.write(`${phash}  ${input}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
