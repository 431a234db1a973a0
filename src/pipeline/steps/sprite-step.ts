// The scrubber sprite + VTT at <generated>/vtt/<hash>_sprite.jpg and <hash>_thumbs.vtt, made when
// either is missing (or --force), as Stash's task does (stash task_generate_sprite.go required()).
import { fileExists } from '../../generators/atomic-write.js';
import { spritePath, vttPath } from '../../generators/generated-paths.js';
import { planSprite, spriteBatchCommands, type SpritePlan } from '../../generators/sprite-plan.js';
import { probeSpriteInput, runSprite } from '../../generators/sprite.js';
import { toShell } from '../../media/shell-quote.js';
import { probeStashVideoStream } from '../../media/video-stream.js';
import type { SceneStep } from '../context.js';
import {
  artifactHashOf,
  fastPathWatch,
  generatedDirOf,
  generatorDeps,
  primaryInput,
} from './generator-support.js';

interface SpriteStepPlan {
  plan: SpritePlan;
  spritePath: string;
  vttPath: string;
  writeSprite: boolean;
  writeVtt: boolean;
}

export const spriteStep: SceneStep<SpriteStepPlan> = {
  id: 'sprite',

  async plan(scene, ctx) {
    const input = primaryInput(scene, ctx);
    if (!input) return null;
    const generated = generatedDirOf(ctx);
    const hash = artifactHashOf(scene, ctx);
    const sprite = spritePath(generated, hash);
    const vtt = vttPath(generated, hash);
    const writeSprite = ctx.config.force || !(await fileExists(sprite));
    const writeVtt = ctx.config.force || !(await fileExists(vtt));
    if (!writeSprite && !writeVtt) return null;
    const deps = generatorDeps(ctx);
    const plan = planSprite(await probeSpriteInput(deps, input.path));
    const stream = writeSprite ? await probeStashVideoStream(deps.run, deps.ffprobe, input.path, deps) : null;
    const commands = writeSprite
      ? spriteBatchCommands(plan, ctx.config.concurrency, '$TMPDIR', stream).map((a) =>
          toShell(ctx.config.ffmpegPath, a),
        )
      : [];
    const what = [writeSprite && sprite, writeVtt && vtt].filter(Boolean).join(' and ');
    return {
      step: 'sprite',
      summary: `${what} (${plan.mode})`,
      commands,
      data: { plan, spritePath: sprite, vttPath: vtt, writeSprite, writeVtt },
      frames: writeSprite && plan.mode === 'normal' ? [{ input: plan.input, seconds: plan.seconds }] : [],
    };
  },

  async run(plan, _scene, ctx) {
    const d = plan.data;
    const watch = fastPathWatch(ctx);
    const deps = { ...generatorDeps(ctx), onFastPathDisagreement: watch.onFastPathDisagreement };
    const result = await runSprite(d.plan, deps, {
      spritePath: d.spritePath,
      vttPath: d.vttPath,
      writeSprite: d.writeSprite,
      writeVtt: d.writeVtt,
    });
    return {
      detail: `${result.width}x${result.height} sprite${d.writeVtt ? ' + VTT' : ''} (${result.mode})`,
      fastPathDisagreements: watch.disagreements(),
    };
  },
};
