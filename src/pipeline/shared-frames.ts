// One decode for several steps: when more than one step of a scene grabs frames from the same
// file (phash and sprite), their seeks are grabbed together by the stretch path before the steps
// run, so each keyframe's stretch is decoded once for both. The steps then find their frames in
// ctx.prefetched and grab only what is missing, the usual way (errors stay each step's own).
import { frameKey, type PrefetchedFrames } from '../media/frame-grab.js';
import { goFloatString } from '../media/go-float.js';
import { grabByStretches } from '../media/stretch/stretch-grab.js';
import type { GeneratorDeps } from '../generators/types.js';
import type { FrameWants } from './context.js';

// Frames for files wanted by two or more plans; nothing when there is nothing to share.
export async function prefetchSharedFrames(
  plans: readonly { step: string; frames?: readonly FrameWants[] | undefined }[],
  deps: GeneratorDeps,
): Promise<PrefetchedFrames> {
  const frames = new Map<string, Buffer>();
  const tried = new Set<string>();
  const { runPipe } = deps;
  if (!runPipe) return { frames, tried };
  const wants = new Map<string, { steps: Set<string>; seeks: Set<string> }>();
  for (const plan of plans)
    for (const want of plan.frames ?? []) {
      const entry = wants.get(want.input) ?? { steps: new Set(), seeks: new Set() };
      entry.steps.add(plan.step);
      for (const t of want.seconds) entry.seeks.add(goFloatString(t));
      wants.set(want.input, entry);
    }
  for (const [input, { steps, seeks }] of wants) {
    if (steps.size < 2) continue;
    const list = [...seeks];
    const started = performance.now();
    const got = await grabByStretches({
      ...deps,
      runPipe,
      input,
      seeks: list,
    });
    tried.add(input);
    got.forEach((bmp, i) => bmp && frames.set(frameKey(input, list[i]!), bmp));
    deps.logger.debug('shared frames', {
      input,
      steps: [...steps].join(','),
      seeks: list.length,
      decodedOnce: got.filter(Boolean).length,
      ms: Math.round(performance.now() - started),
    });
  }
  return { frames, tried };
}
