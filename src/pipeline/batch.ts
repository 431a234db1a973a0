// One batch of the worker loop: survey claims (reaping silent workers), discover one random page
// of scenes needing work (excluding live claims and error-tagged scenes), claim it, run the steps
// on every scene won, then in two bulk updates tag the permanent failures and release the rest.
import pLimit from 'p-limit';
import type { ClaimManager } from '../claims/claims.js';
import type { ClaimedWorkScene } from '../claims/stash-claim-backend.js';
import { discoverBatch } from '../discovery/discover.js';
import type { RunStats } from '../observability/run-stats.js';
import { addSceneTags } from '../stash/api.js';
import type { SceneStep, WorkerContext } from './context.js';
import type { ErrorLog } from './error-log.js';
import { toLocalPath } from './path-map.js';
import { runSceneJob, type SceneOutcome } from './scene-job.js';
import { untilStashAnswers } from './stash-retry.js';
import { workCriteria } from './work-criteria.js';

export interface BatchOptions {
  claims: ClaimManager<ClaimedWorkScene>;
  steps: readonly SceneStep[];
  seed: number;
  errorTagId: string;
  errorLog: ErrorLog;
  stats: RunStats;
  /** Called as each scene finishes (progress bars, plugin progress). */
  onScene?: (outcome: SceneOutcome, done: number, total: number) => void;
}

export interface BatchReport {
  /** Scenes still needing work when the batch started (excluding claimed and error-tagged). */
  remaining: number;
  candidates: number;
  claimed: number;
  conflicts: number;
  reaped: number;
  outcomes: SceneOutcome[];
  ms: number;
}

// Runs one batch; scene failures are in the report, only Stash being unusable throws.
export async function runBatch(ctx: WorkerContext, options: BatchOptions): Promise<BatchReport> {
  const started = performance.now();
  const { claims } = options;
  const { liveOthers, stale } = await claims.survey();
  const reaped = stale.length > 0 ? await claims.reapStale(stale) : 0;
  const exclude = [...liveOthers.map((t) => t.id), claims.tagId!, options.errorTagId];
  const found = await discoverBatch(ctx.client, {
    ...workCriteria(ctx.config.steps),
    excludeTagIds: exclude,
    batchSize: ctx.config.batchSize,
    seed: options.seed,
  });
  const report: BatchReport = {
    remaining: found.total,
    candidates: found.scenes.length,
    claimed: 0,
    conflicts: 0,
    reaped,
    outcomes: [],
    ms: 0,
  };
  if (found.scenes.length === 0 || ctx.signal.aborted) return finish(report, started);

  const { won, lost } = await claims.claim(
    found.scenes.map((s) => s.id),
    liveOthers,
  );
  report.claimed = won.length;
  report.conflicts = lost.length;
  const failed: string[] = [];
  try {
    const limit = pLimit(ctx.config.sceneConcurrency);
    await Promise.all(
      won.map((scene) =>
        limit(async () => {
          if (ctx.signal.aborted) return;
          const outcome = await runSceneJob(scene, options.steps, ctx);
          report.outcomes.push(outcome);
          recordStats(options.stats, outcome);
          if (outcome.failure?.kind === 'permanent') {
            failed.push(scene.id);
            const file = scene.files[0] ? toLocalPath(scene.files[0].path, ctx.config.pathMap) : null;
            await options.errorLog({
              sceneId: scene.id,
              file,
              step: outcome.failure.step,
              reason: outcome.failure.error.message,
            });
          }
          options.onScene?.(outcome, report.outcomes.length, won.length);
        }),
      ),
    );
  } finally {
    const retry = { signal: new AbortController().signal, logger: ctx.logger };
    // Even while stopping, the error tags and the release must reach Stash (bounded by the lease).
    if (failed.length > 0) {
      await untilStashAnswers(() => addSceneTags(ctx.client, failed, [options.errorTagId]), {
        ...retry,
        what: 'tag failed scenes',
        maxDelayMs: 5000,
      }).catch((e: unknown) => ctx.logger.error('could not tag failed scenes', { error: e }));
    }
    await claims
      .release(won.map((s) => s.id))
      .catch((e: unknown) =>
        ctx.logger.warn('could not release claims; they expire with the lease', { error: e }),
      );
  }
  return finish(report, started);
}

function finish(report: BatchReport, started: number): BatchReport {
  report.ms = performance.now() - started;
  return report;
}

function recordStats(stats: RunStats, outcome: SceneOutcome): void {
  for (const s of outcome.steps) stats.record(s.step, s.outcome, s.ms, { hardware: s.hardware });
  if (outcome.failure?.kind !== 'cancelled') stats.recordScene(outcome.status);
}
