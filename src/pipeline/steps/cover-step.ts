// The cover, as Stash's Generate makes it: only when the scene has none (or --force), one frame at
// 20% of Stash's stored duration, uploaded unchanged (stash task_generate_screenshot.go).
import { toShell } from '../../media/shell-quote.js';
import { buildCoverArgs, planCover, runCover, type CoverPlan } from '../../generators/cover.js';
import { setSceneCover } from '../../stash/api.js';
import { sceneLacksCover } from '../../stash/scene-facts.js';
import type { SceneStep } from '../context.js';
import { untilStashAnswers } from '../stash-retry.js';
import { generatorDeps, primaryInput } from './generator-support.js';

export const coverStep: SceneStep<CoverPlan> = {
  id: 'cover',

  async plan(scene, ctx) {
    const input = primaryInput(scene, ctx);
    if (!input) return null;
    // Stash away now must not fail the scene: the question waits for Stash like every write does.
    const lacksCover = () =>
      untilStashAnswers(() => sceneLacksCover(ctx.client, scene.id), {
        signal: ctx.signal,
        logger: ctx.logger,
        what: `ask whether scene ${scene.id} has a cover`,
      });
    if (!ctx.config.force && !(await lacksCover())) return null;
    const plan = planCover(input.path, input.duration);
    return {
      step: 'cover',
      summary: `cover from ${plan.input} at ${plan.seconds} s`,
      commands: [toShell(ctx.config.ffmpegPath, buildCoverArgs(plan.input, plan.seconds, 'cover.jpg'))],
      data: plan,
    };
  },

  async run(plan, scene, ctx) {
    const bytes = await runCover(plan.data, generatorDeps(ctx));
    await untilStashAnswers(
      async () => {
        await ctx.fence(scene.id);
        await setSceneCover(ctx.client, scene.id, bytes);
      },
      { signal: ctx.signal, logger: ctx.logger, what: `upload the cover of scene ${scene.id}` },
    );
    return { detail: `${bytes.length}-byte JPEG uploaded` };
  },
};
