// Runs the scrubber sprite + VTT (stash internal/manager/generator_sprite.go): probe as Stash does,
// grab 81 frames in software, paste them 9×9, save the JPEG atomically, then write the VTT from the
// written sprite's size. Normal-mode seeks go through the batched fast path (src/media/frame-grab.ts,
// proven byte-identical to Stash's per-frame command in test/integration/generators/sprite-frames);
// slow-seek grabs use Stash's exact select-filter command, one process per distinct frame.
import { basename } from 'node:path';
import { MediaError } from '../errors.js';
import { grabFrames } from '../media/frame-grab.js';
import { probeVideo } from '../media/probe.js';
import { buildFrameSelectArgs } from '../media/screenshot-args.js';
import { decodeBmp } from '../phash/bmp.js';
import { combineImages } from '../phash/montage.js';
import { writeFileAtomic } from './atomic-write.js';
import { encodeSpriteJpeg, readImageSize } from './sprite-jpeg.js';
import {
  buildFrameInfoDecodeArgs,
  frameInfoNeedsDecode,
  needsSlowSeek,
  parseFrameInfoDecode,
  planSprite,
  type SpritePlan,
  type SpriteProbe,
} from './sprite-plan.js';
import { runLimits, type GeneratorDeps } from './types.js';
import { buildSpriteVtt, SPRITE_COLUMNS } from './vtt.js';

export interface SpriteOutputs {
  readonly spritePath: string;
  readonly vttPath: string;
  /** Write the JPEG (false: keep the existing one; the VTT then reads its size). @default true */
  readonly writeSprite?: boolean;
  /** @default true */
  readonly writeVtt?: boolean;
}

export interface SpriteResult {
  readonly mode: SpritePlan['mode'];
  readonly width: number;
  readonly height: number;
  readonly wroteSprite: boolean;
  readonly wroteVtt: boolean;
  readonly ms: number;
}

// Stash's probing for a sprite: a fresh ffprobe, a frame count in slow seek, a decode pass if needed.
export async function probeSpriteInput(deps: GeneratorDeps, input: string): Promise<SpriteProbe> {
  const { signal } = deps;
  const video = await probeVideo(deps.run, deps.ffprobe, input, { signal });
  let countedFrameCount: number | null = null;
  if (needsSlowSeek(video)) {
    const counted = await probeVideo(deps.run, deps.ffprobe, input, { signal, countFrames: true }).catch(
      (error: unknown) => {
        if (signal?.aborted) throw error;
        return null;
      },
    );
    countedFrameCount = counted ? counted.frameCount : null;
  }
  let decodedFrameInfo = null;
  if (frameInfoNeedsDecode(video)) {
    deps.logger.warn('frame count or rate unknown; decoding the file as Stash does', { input });
    const result = await deps
      .run({ bin: deps.ffmpeg, args: buildFrameInfoDecodeArgs(input), ...runLimits(deps) })
      .catch((error: unknown) => {
        if (signal?.aborted) throw error;
        return null;
      });
    decodedFrameInfo = result ? parseFrameInfoDecode(result.stderr) : null;
  }
  return { video, countedFrameCount, decodedFrameInfo };
}

// Grabs the 81 frames as BMP bytes, in tile order.
export async function grabSpriteFrames(plan: SpritePlan, deps: GeneratorDeps): Promise<Buffer[]> {
  if (plan.mode === 'normal') {
    return grabFrames({ ...deps, input: plan.input, seconds: plan.seconds, timeoutMs: deps.timeoutMs });
  }
  const distinct = [...new Set(plan.frames)];
  const grabbed = new Map<number, Buffer>();
  await Promise.all(
    distinct.map((frame) =>
      deps.limit(async () => {
        const { stdout } = await deps.run({
          bin: deps.ffmpeg,
          args: buildFrameSelectArgs(plan.input, frame),
          ...runLimits(deps),
        });
        if (stdout.length === 0)
          throw new MediaError(plan.input, `sprite frame ${frame}: ffmpeg returned no image`);
        grabbed.set(frame, stdout);
      }),
    ),
  );
  return plan.frames.map((frame) => grabbed.get(frame)!);
}

// Makes the sprite JPEG and/or the VTT for a plan; the sprite is published before the VTT.
export async function runSprite(
  plan: SpritePlan,
  deps: GeneratorDeps,
  outputs: SpriteOutputs,
): Promise<SpriteResult> {
  const started = performance.now();
  const writeSprite = outputs.writeSprite ?? true;
  const writeVtt = outputs.writeVtt ?? true;
  if (writeSprite) {
    const bmps = await grabSpriteFrames(plan, deps);
    const frames = bmps.map((bmp, i) => {
      try {
        return decodeBmp(bmp);
      } catch (cause) {
        throw new MediaError(plan.input, `sprite frame ${i + 1}/81: cannot decode ffmpeg's image`, { cause });
      }
    });
    const montage = combineImages(frames, SPRITE_COLUMNS, SPRITE_COLUMNS);
    await writeFileAtomic(outputs.spritePath, await encodeSpriteJpeg(montage));
  }
  const { width, height } = await readImageSize(outputs.spritePath);
  if (writeVtt) {
    const vtt = buildSpriteVtt({
      spriteFileName: basename(outputs.spritePath),
      tileWidth: Math.trunc(width / SPRITE_COLUMNS),
      tileHeight: Math.trunc(height / SPRITE_COLUMNS),
      stepSeconds: plan.vttStepSeconds,
    });
    await writeFileAtomic(outputs.vttPath, vtt);
  }
  return {
    mode: plan.mode,
    width,
    height,
    wroteSprite: writeSprite,
    wroteVtt: writeVtt,
    ms: Math.round(performance.now() - started),
  };
}

// Probe, plan and run in one call (what a Stash Generate does for one scene's sprite).
export async function generateSprite(
  deps: GeneratorDeps,
  input: string,
  outputs: SpriteOutputs,
): Promise<SpriteResult & { plan: SpritePlan }> {
  const plan = planSprite(await probeSpriteInput(deps, input));
  return { ...(await runSprite(plan, deps, outputs)), plan };
}
