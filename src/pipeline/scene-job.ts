// Runs the selected steps for one claimed scene, in order (all planned first). A step failure is recorded with the
// scene id and step; a permanent one stops the scene (its later steps would fail the same way).
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
  // Plan every step first (no writes), so steps that grab frames from the same file can share
  // one decode (shared-frames.ts); a step whose plan fails ends the scene at that step.
  const planned: { step: SceneStep; plan: StepPlan | null; error: unknown; ms: number }[] = [];
  for (const step of steps) {
    const started = performance.now();
    try {
      planned.push({
        step,
        plan: await step.plan(scene, ctx),
        error: undefined,
        ms: performance.now() - started,
      });
    } catch (error) {
      planned.push({
        step,
        plan: null,
        error: error ?? new Error('plan failed'),
        ms: performance.now() - started,
      });
      break;
    }
  }
  const plans = planned.flatMap((p) => (p.plan ? [p.plan] : []));
  const sceneCtx: WorkerContext = {
    ...ctx,
    prefetched: await prefetchSharedFrames(plans, generatorDeps(ctx)).catch(() => undefined),
  };
  for (const { step, plan, error: planError, ms: planMs } of planned) {
    const started = performance.now() - planMs;
    try {
      if (planError !== undefined) throw planError;
      if (!plan) {
        reports.push({ step: step.id, outcome: 'skipped', ms: 0, detail: 'nothing to do', hardware: false });
        continue;
      }
      log.debug(`${step.id}: ${plan.summary}`);
      const result = await step.run(plan, scene, sceneCtx);
      const ms = performance.now() - started;
      reports.push({
        step: step.id,
        outcome: 'done',
        ms,
        detail: result.detail,
        hardware: result.hardware ?? false,
      });
      log.info(`${step.id} done`, { ms: Math.round(ms), detail: result.detail });
    } catch (cause) {
      const kind = classifyFailure(cause, ctx.signal);
      const error =
        cause instanceof StepError ? cause : new StepError(scene.id, step.id, cause, kind !== 'permanent');
      const ms = performance.now() - started;
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
    }
  }
  const didWork = reports.some((r) => r.outcome === 'done');
  return {
    sceneId: scene.id,
    title: scene.title ?? '',
    status: didWork ? 'done' : 'skipped',
    failure: null,
    steps: reports,
  };
}
