// Shell-safe lines of what each generator would run (for `--dry-run` and `plan`): the exact argv
// of the plan, rendered with toShell. Temp paths are shown as the private dirs the run would create.
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EncoderChoice } from '../media/hwaccel/types.js';
import { toShell } from '../media/shell-quote.js';
import { tempPathFor } from './atomic-write.js';
import { buildCoverArgs, type CoverPlan } from './cover.js';
import {
  buildMarkerScreenshotArgs,
  buildMarkerVideoArgs,
  buildMarkerWebpArgs,
  type MarkerMediaPlan,
} from './marker-plan.js';
import { buildPreviewCommands, buildPreviewWebpArgs, type PreviewPlan } from './preview-plan.js';
import type { ResolvedPreviewSettings } from './preview-settings.js';
import { spriteBatchCommands, type SpritePlan } from './sprite-plan.js';

const WORK = (name: string): string => join(tmpdir(), `phashvaapi-${name}-XXXXXX`);

// The sprite's frame grabs as they would run (batched in normal mode, Stash's per-frame in slow seek).
export function describeSprite(
  plan: SpritePlan,
  ffmpeg: string,
  processes: number,
  stream: number | null,
): string[] {
  return spriteBatchCommands(plan, processes, WORK('frames'), stream).map((args) => toShell(ffmpeg, args));
}

// The cover grab.
export function describeCover(plan: CoverPlan, ffmpeg: string): string[] {
  return [toShell(ffmpeg, buildCoverArgs(plan.input, plan.seconds, join(WORK('cover'), 'cover.jpg')))];
}

// The preview's first pass (chunks, concat list, concat); Stash's fallback pass runs only if it fails.
export function describePreview(
  plan: PreviewPlan,
  ffmpeg: string,
  output: string,
  encoder: EncoderChoice,
): string[] {
  const workDir = WORK('preview');
  const cmds = buildPreviewCommands(plan, { workDir, output: tempPathFor(output), fallback: false, encoder });
  const lines = cmds.chunks.map((args) => toShell(ffmpeg, args));
  if (cmds.concat && cmds.concatList !== null) {
    lines.push(
      `# ${join(workDir, 'concat.txt')}: ${JSON.stringify(cmds.concatList)}`,
      toShell(ffmpeg, cmds.concat),
    );
  }
  lines.push(`# then rename to ${output}`);
  return lines;
}

// The webp made from the preview mp4.
export function describePreviewWebp(
  previewMp4: string,
  output: string,
  settings: ResolvedPreviewSettings,
  ffmpeg: string,
): string[] {
  return [
    toShell(ffmpeg, buildPreviewWebpArgs(previewMp4, tempPathFor(output), settings)),
    `# then rename to ${output}`,
  ];
}

// A marker's three commands.
export function describeMarker(plan: MarkerMediaPlan, ffmpeg: string): string[] {
  return [
    toShell(ffmpeg, buildMarkerVideoArgs(plan, tempPathFor(plan.paths.video))),
    toShell(ffmpeg, buildMarkerWebpArgs(plan, tempPathFor(plan.paths.webp))),
    toShell(ffmpeg, buildMarkerScreenshotArgs(plan, tempPathFor(plan.paths.screenshot))),
  ];
}
