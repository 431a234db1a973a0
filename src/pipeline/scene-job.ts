// Runs the selected steps for one claimed scene, in order (all planned first). A step failure is
// recorded with the scene id and step; a permanent one stops the scene (its later steps would
// fail the same way).
import type { PipelineStep } from '../errors.js';
import { StepError } from '../errors.js';
import type { WorkScene } from '../stash/api.js';
import type { SceneStep, StepPlan, WorkerContext } from './context.js';
import { classifyFailure, type FailureKind } from './failure.js';
import { prefetchSharedFrames } from './shared-frames.js';
import { generatorDeps } from './steps/generator-support.js';

export interface StepReport {
  step: PipelineStep;
  outcome: 'done' | 'failed' | 'skipped';
  ms: number;
  detail: string;
  hardware: boolean;
  /** Files whose fast-path frames disagreed with Stash's command (done runs only). */
  fastPathDisagreements?: number;
}

export interface SceneOutcome {
  sceneId: string;
  title: string;
  status: 'done' | 'skipped' | 'failed';
  /** Set when status is failed. */
  failure: { kind: FailureKind; step: PipelineStep; error: StepError } | null;
  steps: StepReport[];
}

// Plans and runs each step for the scene; never throws (failures are in the outcome).
export async function runSceneJob(
  scene: WorkScene,
  steps: readonly SceneStep[],
  ctx: WorkerContext,
): Promise<SceneOutcome> {
  const reports: StepReport[] = [];
  const log = ctx.logger.child({ sceneId: scene.id });
  const fail = (step: SceneStep, cause: unknown, ms: number): SceneOutcome => {
    const kind = classifyFailure(cause, ctx.signal);
    const error =
      cause instanceof StepError ? cause : new StepError(scene.id, step.id, cause, kind !== 'permanent');
    reports.push({ step: step.id, outcome: 'failed', ms, detail: error.message, hardware: false });
    if (kind !== 'cancelled')
      log[kind === 'permanent' ? 'error' : 'warn'](error.message, { step: step.id, kind });
    return {
      sceneId: scene.id,
      title: scene.title ?? '',
      status: 'failed',
      failure: { kind, step: step.id, error },
      steps: reports,
    };
  };

  // Plan every step first (no writes), so steps that grab frames from the same file can share
  // one decode (shared-frames.ts). A plan that fails ends the scene at its step, after the steps
  // before it have run, as when each step was planned right before running.
  const planned: { step: SceneStep; plan: StepPlan | null; planMs: number }[] = [];
  let planFailure: { step: SceneStep; cause: unknown; planMs: number } | null = null;
  for (const step of steps) {
    const started = performance.now();
    try {
      planned.push({ step, plan: await step.plan(scene, ctx), planMs: performance.now() - started });
    } catch (cause) {
      planFailure = { step, cause, planMs: performance.now() - started };
      break;
    }
  }
  const plans = planned.flatMap((p) => (p.plan ? [p.plan] : []));
  const prefetched = await prefetchSharedFrames(plans, generatorDeps(ctx)).catch(() => undefined);
  const sceneCtx: WorkerContext = { ...ctx, prefetched };

  for (const { step, plan, planMs } of planned) {
    if (!plan) {
      reports.push({ step: step.id, outcome: 'skipped', ms: 0, detail: 'nothing to do', hardware: false });
      continue;
    }
    const started = performance.now() - planMs;
    try {
      log.debug(`${step.id}: ${plan.summary}`);
      const result = await step.run(plan, scene, sceneCtx);
      const ms = performance.now() - started;
      reports.push({
        step: step.id,
        outcome: 'done',
        ms,
        detail: result.detail,
        hardware: result.hardware ?? false,
        fastPathDisagreements: result.fastPathDisagreements ?? 0,
      });
      log.info(`${step.id} done`, { ms: Math.round(ms), detail: result.detail });
    } catch (cause) {
      return fail(step, cause, performance.now() - started);
    }
  }
  if (planFailure) return fail(planFailure.step, planFailure.cause, planFailure.planMs);
  const didWork = reports.some((r) => r.outcome === 'done');
  return {
    sceneId: scene.id,
    title: scene.title ?? '',
    status: didWork ? 'done' : 'skipped',
    failure: null,
    steps: reports,
  };
}
