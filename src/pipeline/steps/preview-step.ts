// The video preview <generated>/screenshots/<hash>.mp4 with the user's Stash preview settings,
// encoded on the GPU when --hwaccel allows (software fallback per file in auto mode).
import { fileExists } from '../../generators/atomic-write.js';
import { previewPath } from '../../generators/generated-paths.js';
import { buildPreviewCommands, planPreview, type PreviewPlan } from '../../generators/preview-plan.js';
import { probePreviewInput, runPreview } from '../../generators/preview.js';
import { toShell } from '../../media/shell-quote.js';
import type { SceneStep } from '../context.js';
import { artifactHashOf, generatedDirOf, generatorDeps, primaryInput } from './generator-support.js';
import { previewSettingsOf } from './preview-settings.js';

interface PreviewStepPlan {
  plan: PreviewPlan;
  output: string;
}

export const previewStep: SceneStep<PreviewStepPlan> = {
  id: 'preview',

  async plan(scene, ctx) {
    const input = primaryInput(scene, ctx);
    if (!input) return null;
    const output = previewPath(generatedDirOf(ctx), artifactHashOf(scene, ctx));
    if (!ctx.config.force && (await fileExists(output))) return null;
    // Stash makes an audio-only preview for a file without video; probe the way its preview task does.
    const video = await probePreviewInput(generatorDeps(ctx), input.path);
    const plan = planPreview(video, previewSettingsOf(ctx.stash));
    const encoder = await ctx.encoder();
    const c = buildPreviewCommands(plan, { workDir: '$TMPDIR', output, fallback: false, encoder });
    const commands = [...c.chunks, ...(c.concat ? [c.concat] : [])].map((a) =>
      toShell(ctx.config.ffmpegPath, a),
    );
    const what = plan.single ? 'one chunk' : `${plan.segments.length} segments`;
    return {
      step: 'preview',
      summary: `${output} (${what}, ${encoder.kind})`,
      commands,
      data: { plan, output },
    };
  },

  async run(plan, _scene, ctx) {
    const result = await runPreview(plan.data.plan, generatorDeps(ctx), {
      output: plan.data.output,
      encoder: await ctx.encoder(),
    });
    const how = result.hardware
      ? 'hardware'
      : result.fellBack
        ? 'software after a hardware failure'
        : 'software';
    return {
      detail: `${plan.data.output} (${how}${result.slowSeek ? ', slow seek' : ''})`,
      hardware: result.hardware,
    };
  },
};
