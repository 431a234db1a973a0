// One batch of the worker loop: survey claims (reaping silent workers), find scenes needing work
// (dropping scenes other workers' claim tags list and, unless --retry-errors, excluding
// error-tagged scenes; src/discovery/finder.ts), claim them, run the steps on every scene won,
// then tag the permanent failures and untag retried scenes that now succeeded (the only scene
// updates besides results), and release the claims (a write to our own claim tag).
import pLimit from 'p-limit';
import type { ClaimManager } from '../claims/claims.js';
import type { ClaimedWorkScene } from '../claims/stash-claim-backend.js';
import type { DiscoveryMode, ScanStats, WorkFinder } from '../discovery/finder.js';
import type { RunStats } from '../observability/run-stats.js';
import { addSceneTags, removeSceneTags } from '../stash/api.js';
import type { SceneStep, WorkerContext } from './context.js';
import type { ErrorLog } from './error-log.js';
import { toLocalPath } from './path-map.js';
import { runSceneJob, type SceneOutcome } from './scene-job.js';
import { untilStashAnswers } from './stash-retry.js';

export interface BatchOptions {
  claims: ClaimManager<ClaimedWorkScene>;
  steps: readonly SceneStep[];
  /** This worker's discovery (its seed and scan cursor live across batches). */
  finder: WorkFinder;
  errorTagId: string;
  errorLog: ErrorLog;
  stats: RunStats;
  /** Called as each scene finishes (progress bars, plugin progress). */
  onScene?: (outcome: SceneOutcome, done: number, total: number) => void;
}

export interface BatchReport {
  /**
   * Scenes still needing work when the batch started (excluding claimed and error-tagged); when
   * generated files are scanned, a lower bound (what this batch found; the rest is unread).
   */
  remaining: number;
  candidates: number;
  claimed: number;
  conflicts: number;
  reaped: number;
  outcomes: SceneOutcome[];
  ms: number;
  mode: DiscoveryMode;
  /** The scan stopped before the end of its cycle (the worker scans on without waiting). */
  moreToScan: boolean;
  /** What scanning cost (null in filter mode); summed over the windows of one batch. */
  scan: ScanStats | null;
  /** Error-tagged scenes that succeeded (--retry-errors) and lost the error tag. */
  untagged: number;
  /** Stash requests this batch sent (retries included), and scenes it updated (filled by the worker). */
  stashRequests: number;
  sceneUpdates: number;
}

// Runs one batch; scene failures are in the report, only Stash being unusable throws.
export async function runBatch(ctx: WorkerContext, options: BatchOptions): Promise<BatchReport> {
  const started = performance.now();
  const { claims } = options;
  const survey = await claims.survey();
  const reaped = survey.stale.length > 0 ? await claims.reapStale(survey.stale) : 0;
  // Live old-style claim tags (a 0.1 worker still running) are on their scenes: excluded by tag.
  const exclude = [
    ...survey.legacyLive.map((t) => t.id),
    ...(ctx.config.retryErrors ? [] : [options.errorTagId]),
  ];
  const skip = new Set([...survey.claimed, ...claims.heldSceneIds]);
  const found = await options.finder.next(exclude, skip);
  const report: BatchReport = {
    remaining: found.remaining,
    candidates: found.scenes.length,
    claimed: 0,
    conflicts: 0,
    reaped,
    outcomes: [],
    ms: 0,
    mode: found.mode,
    moreToScan: found.moreToScan,
    scan: found.scan,
    untagged: 0,
    stashRequests: 0,
    sceneUpdates: 0,
  };
  if (found.scenes.length === 0 || ctx.signal.aborted) return finish(report, started);

  const { won, lost } = await claims.claim(found.scenes.map((s) => s.id));
  report.claimed = won.length;
  report.conflicts = lost.length;
  const failed: string[] = [];
  const succeeded: string[] = [];
  try {
    const limit = pLimit(ctx.config.sceneConcurrency);
    await Promise.all(
      won.map((scene) =>
        limit(async () => {
          if (ctx.signal.aborted) return;
          const outcome = await runSceneJob(scene, options.steps, ctx);
          report.outcomes.push(outcome);
          recordStats(options.stats, outcome);
          if (!outcome.failure) succeeded.push(scene.id);
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
    // Even while stopping, the error tags and the release should reach Stash; past the lease there
    // is no point (the claims have expired), so the retries stop there.
    const retry = { signal: AbortSignal.timeout(ctx.config.leaseTtlSeconds * 1000), logger: ctx.logger };
    if (failed.length > 0) {
      await untilStashAnswers(() => addSceneTags(ctx.client, failed, [options.errorTagId]), {
        ...retry,
        what: 'tag failed scenes',
        maxDelayMs: 5000,
      }).catch((e: unknown) => ctx.logger.error('could not tag failed scenes', { error: e }));
      options.finder.leftTheOrder(failed);
    }
    // --retry-errors: a retried scene that now succeeded loses the error tag (one bulk update).
    const retried = new Set(won.filter((s) => s.tagIds.includes(options.errorTagId)).map((s) => s.id));
    const untag = succeeded.filter((id) => retried.has(id));
    if (untag.length > 0) {
      await untilStashAnswers(() => removeSceneTags(ctx.client, untag, [options.errorTagId]), {
        ...retry,
        what: 'remove the error tag from retried scenes',
        maxDelayMs: 5000,
      }).then(
        () => (report.untagged = untag.length),
        (e: unknown) => ctx.logger.error('could not remove the error tag from retried scenes', { error: e }),
      );
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
  for (const s of outcome.steps)
    stats.record(s.step, s.outcome, s.ms, {
      hardware: s.hardware,
      fastPathDisagreements: s.fastPathDisagreements,
    });
  if (outcome.failure?.kind !== 'cancelled') stats.recordScene(outcome.status);
}
