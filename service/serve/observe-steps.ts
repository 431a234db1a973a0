// Wraps pipeline steps so the status knows which scene is at which step right now (the worker
// loop itself only reports finished scenes).
import type { WorkerStatus } from '../../src/observability/worker-status.js';
import type { SceneStep } from '../../src/pipeline/context.js';

// The same steps, recording `step-started` before each one plans for a scene.
export function observeSteps(steps: readonly SceneStep[], status: WorkerStatus): SceneStep[] {
  return steps.map((step): SceneStep => ({
    id: step.id,
    plan: (scene, ctx) => {
      status.record({ type: 'step-started', sceneId: scene.id, title: scene.title ?? '', step: step.id });
      return step.plan(scene, ctx);
    },
    run: (plan, scene, ctx) => step.run(plan, scene, ctx),
  }));
}
