// Which scenes a worker looks for, from the selected steps. Stash can filter on a missing phash
// and a missing cover; generated files (sprites, previews) are not in Stash's database.
import type { StepId } from '../config/types.js';
import type { NeedingWorkCriteria } from '../stash/api.js';

// The is_missing filter for the selected steps.
export function workCriteria(steps: readonly StepId[]): Pick<NeedingWorkCriteria, 'missing'> {
  return { missing: steps.includes('phash') || !steps.includes('cover') ? 'phash' : 'cover' };
}
