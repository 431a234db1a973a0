// The Stash way, as a baseline: each generator run the way Stash's Generate runs it, one ffmpeg
// command after another with Stash's exact arguments (stash pkg/hash/videophash/phash.go,
// pkg/scene/generate/{screenshot,sprite,preview}.go). The Go-side work (BMP decoding, montage,
// hashing, JPEG encoding) is done with this project's Stash-identical code, so the outputs can be
// compared byte for byte with ours.
import { readFile, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { buildCoverArgs } from '../generators/cover.js';
import {
  buildPreviewCommands,
  buildPreviewWebpArgs,
  CONCAT_LIST_NAME,
  planPreview,
} from '../generators/preview-plan.js';
import type { ResolvedPreviewSettings } from '../generators/preview-settings.js';
import { probePreviewInput } from '../generators/preview.js';
import { encodeSpriteJpeg } from '../generators/sprite-jpeg.js';
import { planSprite } from '../generators/sprite-plan.js';
import { probeSpriteInput } from '../generators/sprite.js';
import type { GeneratorDeps } from '../generators/types.js';
import { buildSpriteVtt, SPRITE_COLUMNS } from '../generators/vtt.js';
import { SOFTWARE_ENCODER } from '../media/hwaccel/types.js';
import { buildScreenshotArgs } from '../media/screenshot-args.js';
import { decodeBmp } from '../phash/bmp.js';
import { combineImages } from '../phash/montage.js';
import { perceptionHash } from '../phash/perception-hash.js';
import { formatPhash } from '../phash/phash-hex.js';
import { phashTimestamps } from '../phash/timestamps.js';

export interface SpriteFiles {
  sprite: Buffer;
  vtt: string;
}

async function ff(deps: GeneratorDeps, args: readonly string[]): Promise<Buffer> {
  return (await deps.run({ bin: deps.ffmpeg, args, signal: deps.signal, timeoutMs: deps.timeoutMs })).stdout;
}

// 25 sequential frame grabs, then the hash (lowercase hex, as Stash shows it).
export async function stashWayPhash(deps: GeneratorDeps, input: string, duration: number): Promise<string> {
  const frames: ReturnType<typeof decodeBmp>[] = [];
  for (const t of phashTimestamps(duration))
    frames.push(decodeBmp(await ff(deps, buildScreenshotArgs(input, t))));
  return formatPhash(perceptionHash(combineImages(frames, 5, 5)));
}

// One full-resolution JPEG at 20% of the duration.
export async function stashWayCover(
  deps: GeneratorDeps,
  input: string,
  duration: number,
  dir: string,
): Promise<Buffer> {
  const out = join(dir, 'stash-cover.jpg');
  await ff(deps, buildCoverArgs(input, duration * 0.2, out));
  return readFile(out);
}

// Stash's probing, 81 sequential grabs (or its slow-seek commands), the 9×9 JPEG and the VTT.
export async function stashWaySprite(
  deps: GeneratorDeps,
  input: string,
  spritePath: string,
): Promise<SpriteFiles> {
  const plan = planSprite(await probeSpriteInput(deps, input));
  const commands =
    plan.mode === 'normal' ? plan.seconds.map((t) => buildScreenshotArgs(input, t)) : plan.frameCommands;
  const frames: ReturnType<typeof decodeBmp>[] = [];
  for (const args of commands) frames.push(decodeBmp(await ff(deps, args)));
  const montage = combineImages(frames, SPRITE_COLUMNS, SPRITE_COLUMNS);
  const sprite = await encodeSpriteJpeg(montage);
  await writeFile(spritePath, sprite);
  const vtt = buildSpriteVtt({
    spriteFileName: basename(spritePath),
    tileWidth: Math.trunc(montage.width / SPRITE_COLUMNS),
    tileHeight: Math.trunc(montage.height / SPRITE_COLUMNS),
    stepSeconds: plan.vttStepSeconds,
  });
  return { sprite, vtt };
}

// The preview chunks one after another with libx264, then the concat (or the single chunk).
export async function stashWayPreview(
  deps: GeneratorDeps,
  input: string,
  settings: ResolvedPreviewSettings,
  workDir: string,
  output: string,
): Promise<Buffer> {
  const plan = planPreview(await probePreviewInput(deps, input), settings);
  const commands = buildPreviewCommands(plan, {
    workDir,
    output,
    fallback: false,
    encoder: SOFTWARE_ENCODER,
  });
  for (const args of commands.chunks) await ff(deps, args);
  if (commands.concat) {
    await writeFile(join(workDir, CONCAT_LIST_NAME), commands.concatList!);
    await ff(deps, commands.concat);
  }
  return readFile(output);
}

// The animated webp made from a preview mp4.
export async function stashWayWebp(
  deps: GeneratorDeps,
  previewMp4: string,
  settings: ResolvedPreviewSettings,
  output: string,
): Promise<Buffer> {
  await ff(deps, buildPreviewWebpArgs(previewMp4, output, settings));
  return readFile(output);
}
