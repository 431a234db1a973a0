// The animated preview <generated>/screenshots/<hash>.webp, made from the preview mp4 (Stash makes
// it from the generated mp4, not the source), so it runs after the preview step.
import { fileExists } from '../../generators/atomic-write.js';
import { previewPath, webpPath } from '../../generators/generated-paths.js';
import { buildPreviewWebpArgs } from '../../generators/preview-plan.js';
import { runPreviewWebp } from '../../generators/preview.js';
import { toShell } from '../../media/shell-quote.js';
import type { SceneStep } from '../context.js';
import { artifactHashOf, generatedDirOf, generatorDeps } from './generator-support.js';
import { previewSettingsOf } from './preview-settings.js';

interface WebpStepPlan {
  mp4: string;
  output: string;
}

export const webpStep: SceneStep<WebpStepPlan> = {
  id: 'webp',

  async plan(scene, ctx) {
    if (scene.files.length === 0) return null;
    const generated = generatedDirOf(ctx);
    const hash = artifactHashOf(scene, ctx);
    const output = webpPath(generated, hash);
    if (!ctx.config.force && (await fileExists(output))) return null;
    const mp4 = previewPath(generated, hash);
    const args = buildPreviewWebpArgs(mp4, output, previewSettingsOf(ctx.stash));
    return {
      step: 'webp',
      summary: `${output} from ${mp4}`,
      commands: [toShell(ctx.config.ffmpegPath, args)],
      data: { mp4, output },
    };
  },

  async run(plan, _scene, ctx) {
    if (!(await fileExists(plan.data.mp4))) {
      throw new Error(`${plan.data.mp4} does not exist: select the preview step too (--steps preview,webp)`);
    }
    await runPreviewWebp(plan.data.mp4, plan.data.output, previewSettingsOf(ctx.stash), generatorDeps(ctx));
    return { detail: plan.data.output };
  },
};
