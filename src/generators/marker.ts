// Runs a marker's media (mp4, webp, jpg), each published atomically; the caller picks which.
import { withAtomicOutput } from './atomic-write.js';
import {
  buildMarkerScreenshotArgs,
  buildMarkerVideoArgs,
  buildMarkerWebpArgs,
  type MarkerMediaPlan,
} from './marker-plan.js';
import { runLimits, type GeneratorDeps } from './types.js';

export type MarkerArtifact = 'video' | 'webp' | 'screenshot';

const BUILDERS: Record<MarkerArtifact, (plan: MarkerMediaPlan, output: string) => string[]> = {
  video: buildMarkerVideoArgs,
  webp: buildMarkerWebpArgs,
  screenshot: buildMarkerScreenshotArgs,
};

// Generates the requested artifacts of one marker, in Stash's order (video, webp, screenshot).
export async function runMarkerMedia(
  plan: MarkerMediaPlan,
  deps: GeneratorDeps,
  which: readonly MarkerArtifact[] = ['video', 'webp', 'screenshot'],
): Promise<MarkerArtifact[]> {
  const written: MarkerArtifact[] = [];
  for (const artifact of (['video', 'webp', 'screenshot'] as const).filter((a) => which.includes(a))) {
    await withAtomicOutput(plan.paths[artifact], (tmp) =>
      deps.limit(() =>
        deps.run({ bin: deps.ffmpeg, args: BUILDERS[artifact](plan, tmp), ...runLimits(deps) }),
      ),
    );
    written.push(artifact);
  }
  return written;
}
