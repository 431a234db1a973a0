// StepId → its pipeline step. Steps run in STEP_IDS order whatever order the user gave.
import { STEP_IDS, type StepId } from '../../config/types.js';
import type { SceneStep } from '../context.js';
import { coverStep } from './cover-step.js';
import { markersStep } from './markers-step.js';
import { phashStep } from './phash-step.js';
import { previewStep } from './preview-step.js';
import { spriteStep } from './sprite-step.js';
import { webpStep } from './webp-step.js';

// The step that implements `id`, or null while it is not available.
export function stepFor(id: StepId): SceneStep | null {
  switch (id) {
    case 'phash':
      return phashStep as SceneStep;
    case 'cover':
      return coverStep as SceneStep;
    case 'sprite':
      return spriteStep as SceneStep;
    case 'preview':
      return previewStep as SceneStep;
    case 'webp':
      return webpStep as SceneStep;
    case 'markers':
      return markersStep as SceneStep;
    default:
      return id satisfies never;
  }
}

// The steps for the user's selection, in pipeline order; throws for an unavailable one.
export function selectSteps(ids: readonly StepId[]): SceneStep[] {
  return STEP_IDS.filter((id) => ids.includes(id)).map((id) => {
    const step = stepFor(id);
    if (!step) throw new Error(`step ${id} is not available in this build`);
    return step;
  });
}
