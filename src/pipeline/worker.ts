// The worker: register a claim tag, run batches until stopped (or once), back off while there is
// nothing to do, and always end by releasing every claim (destroying our claim tag).
import { setTimeout as sleep } from 'node:timers/promises';
import { ClaimManager } from '../claims/claims.js';
import { createStashClaimBackend, type ClaimedWorkScene } from '../claims/stash-claim-backend.js';
import { createWorkerId } from '../claims/worker-identity.js';
import { randomSeed } from '../discovery/discover.js';
import { RunStats } from '../observability/run-stats.js';
import { ensureTag } from '../stash/api.js';
import { StashApiError } from '../stash/errors.js';
import { runBatch, type BatchReport } from './batch.js';
import type { SceneStep, WorkerContext } from './context.js';
import type { ErrorLog } from './error-log.js';
import type { SceneOutcome } from './scene-job.js';

export interface WorkerOptions {
  steps: readonly SceneStep[];
  errorLog: ErrorLog;
  workerId?: string;
  onBatch?: (report: BatchReport) => void;
  onScene?: (outcome: SceneOutcome, done: number, total: number) => void;
  /** Called once our claim tag exists. */
  onStarted?: (claims: ClaimManager<ClaimedWorkScene>) => void;
  /** Awaited before each batch (`phashvaapi serve` holds it while paused). */
  beforeBatch?: (signal: AbortSignal) => Promise<void>;
  /** Waits `ms` between batches (default: sleeps; `serve` ends it early when triggered). */
  idle?: (ms: number, signal: AbortSignal) => Promise<void>;
}

export interface WorkerResult {
  batches: BatchReport[];
  stats: RunStats;
  workerId: string;
}

// Runs the loop; resolves after cleanup when ctx.signal aborts (or after one batch with --once).
export async function runWorker(
  ctx: Omit<WorkerContext, 'fence'>,
  options: WorkerOptions,
): Promise<WorkerResult> {
  const workerId = options.workerId ?? createWorkerId();
  const claims = new ClaimManager<ClaimedWorkScene>({
    backend: createStashClaimBackend(ctx.client),
    prefix: ctx.config.claimTagPrefix,
    workerId,
    ttlMs: ctx.config.leaseTtlSeconds * 1000,
    logger: ctx.logger,
  });
  const stats = new RunStats(Date.now());
  const batches: BatchReport[] = [];
  const errorTag = await ensureTag(
    ctx.client,
    ctx.config.errorTag,
    'phashvaapi: scenes whose files failed; remove the tag to retry',
  );
  await claims.start();
  options.onStarted?.(claims);
  const log = ctx.logger.child({ worker: workerId });
  log.info('worker started', { claimTag: claims.tagName, leaseTtlSeconds: ctx.config.leaseTtlSeconds });
  const fullCtx: WorkerContext = { ...ctx, logger: log, fence: (sceneId) => claims.assertHolds(sceneId) };
  const seed = randomSeed();
  const idle = options.idle ?? ((ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined));
  let idleMs = ctx.config.idleMinSeconds * 1000;
  try {
    while (!ctx.signal.aborted) {
      let report: BatchReport;
      await options.beforeBatch?.(ctx.signal);
      if (ctx.signal.aborted) break;
      try {
        report = await runBatch(fullCtx, {
          claims,
          steps: options.steps,
          seed,
          errorTagId: errorTag.id,
          errorLog: options.errorLog,
          stats,
          onScene: options.onScene,
        });
      } catch (error) {
        // Stash away between scenes: a long-running worker waits for it; --once reports it.
        if (ctx.config.once || !(error instanceof StashApiError && error.retryable) || ctx.signal.aborted)
          throw error;
        log.warn(`Stash unavailable; next try in ${Math.round(idleMs / 1000)} s`, { reason: error.message });
        await idle(idleMs, ctx.signal);
        idleMs = Math.min(idleMs * 2, ctx.config.idleMaxSeconds * 1000);
        continue;
      }
      batches.push(report);
      options.onBatch?.(report);
      if (ctx.config.once) break;
      if (report.claimed > 0) {
        idleMs = ctx.config.idleMinSeconds * 1000;
        continue;
      }
      log.info(report.remaining === 0 ? 'nothing to do' : 'every candidate is claimed by other workers', {
        sleepSeconds: Math.round(idleMs / 1000),
      });
      await idle(idleMs, ctx.signal);
      idleMs = Math.min(idleMs * 2, ctx.config.idleMaxSeconds * 1000);
    }
  } finally {
    await claims
      .stop()
      .catch((e: unknown) =>
        log.warn('could not remove our claim tag; it expires with the lease', { error: e }),
      );
    log.info('worker stopped');
  }
  return { batches, stats, workerId };
}
