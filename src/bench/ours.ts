// Our way of each generator, exactly as a worker runs it (all cores, the stretch frame path, the
// chosen preview encoder), writing only into the bench's own temporary folder.
import { readFile } from 'node:fs/promises';
import { planCover, runCover } from '../generators/cover.js';
import { planPreview } from '../generators/preview-plan.js';
import type { ResolvedPreviewSettings } from '../generators/preview-settings.js';
import { probePreviewInput, runPreview, runPreviewWebp } from '../generators/preview.js';
import { planSprite } from '../generators/sprite-plan.js';
import { probeSpriteInput, runSprite } from '../generators/sprite.js';
import type { GeneratorDeps } from '../generators/types.js';
import type { EncoderChoice } from '../media/hwaccel/types.js';
import { formatPhash } from '../phash/phash-hex.js';
import { phashTimestamps } from '../phash/timestamps.js';
import { computeVideoPhash } from '../phash/video-phash.js';
import { prefetchSharedFrames } from '../pipeline/shared-frames.js';
import type { SpriteFiles } from './stash-way.js';

export async function oursPhash(deps: GeneratorDeps, input: string, duration: number): Promise<string> {
  return formatPhash((await computeVideoPhash(input, duration, deps)).phash);
}

export async function oursCover(deps: GeneratorDeps, input: string, duration: number): Promise<Buffer> {
  return runCover(planCover(input, duration), deps);
}

export async function oursSprite(
  deps: GeneratorDeps,
  input: string,
  outputs: { spritePath: string; vttPath: string },
): Promise<SpriteFiles> {
  await runSprite(planSprite(await probeSpriteInput(deps, input)), deps, outputs);
  return { sprite: await readFile(outputs.spritePath), vtt: await readFile(outputs.vttPath, 'utf8') };
}

// Phash and sprite as a worker's scene job runs them together: their frames from one shared decode.
export async function oursPhashAndSprite(
  deps: GeneratorDeps,
  input: string,
  duration: number,
  outputs: { spritePath: string; vttPath: string },
): Promise<{ phash: string } & SpriteFiles> {
  const spritePlan = planSprite(await probeSpriteInput(deps, input));
  const prefetched = await prefetchSharedFrames(
    [
      { step: 'phash', frames: [{ input, seconds: phashTimestamps(duration) }] },
      { step: 'sprite', frames: [{ input, seconds: spritePlan.seconds }] },
    ],
    deps,
  );
  const shared = { ...deps, prefetched };
  const phash = formatPhash((await computeVideoPhash(input, duration, shared)).phash);
  await runSprite(spritePlan, shared, outputs);
  return { phash, sprite: await readFile(outputs.spritePath), vtt: await readFile(outputs.vttPath, 'utf8') };
}

export async function oursPreview(
  deps: GeneratorDeps,
  input: string,
  settings: ResolvedPreviewSettings,
  encoder: EncoderChoice,
  output: string,
): Promise<Buffer> {
  const plan = planPreview(await probePreviewInput(deps, input), settings);
  await runPreview(plan, deps, { output, encoder });
  return readFile(output);
}

export async function oursWebp(
  deps: GeneratorDeps,
  previewMp4: string,
  settings: ResolvedPreviewSettings,
  output: string,
): Promise<Buffer> {
  await runPreviewWebp(previewMp4, output, settings, deps);
  return readFile(output);
}
