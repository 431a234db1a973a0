// The worker: register a claim tag, run batches until stopped (or once), back off while there is
// nothing to do, and always end by releasing every claim (destroying our claim tag). When
// generated files are scanned, a batch may take several bounded scan windows (runBatch calls)
// until one finds work or the scan reaches the end of its cycle.
import { setTimeout as sleep } from 'node:timers/promises';
import { ClaimManager } from '../claims/claims.js';
import { createStashClaimBackend, type ClaimedWorkScene } from '../claims/stash-claim-backend.js';
import { workerClock } from '../claims/worker-clock.js';
import { createWorkerId } from '../claims/worker-identity.js';
import { WorkFinder } from '../discovery/finder.js';
import { scopeOf } from '../discovery/work-scope.js';
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
  /** The file check discovery uses (default fileExists); tests count calls. */
  exists?: (path: string) => Promise<boolean>;
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
    now: workerClock(),
  });
  // Built first: a configuration problem (no generated folder) fails before any claim tag exists.
  const finder = new WorkFinder(ctx.client, {
    steps: ctx.config.steps,
    scope: scopeOf(ctx.config),
    batchSize: ctx.config.batchSize,
    force: ctx.config.force,
    generatedDir: ctx.generatedDir,
    naming: ctx.stash.videoFileNamingAlgorithm === 'MD5' ? 'MD5' : 'OSHASH',
    ...(options.exists ? { exists: options.exists } : {}),
  });
  await finder.preflight();
  const stats = new RunStats(Date.now());
  const batches: BatchReport[] = [];
  const errorTag = await ensureTag(
    ctx.client,
    ctx.config.errorTag,
    'phashvaapi: scenes whose files failed; remove the tag to retry',
  );
  const log = ctx.logger.child({ worker: workerId });
  const fullCtx: WorkerContext = { ...ctx, logger: log, fence: (sceneId) => claims.assertHolds(sceneId) };
  const batchOptions = {
    claims,
    steps: options.steps,
    finder,
    errorTagId: errorTag.id,
    errorLog: options.errorLog,
    stats,
    onScene: options.onScene,
  };
  const idle = options.idle ?? ((ms, signal) => sleep(ms, undefined, { signal }).catch(() => undefined));
  let idleMs = ctx.config.idleMinSeconds * 1000;
  try {
    // Inside the try: a stop or an outage during start-up still removes a tag Stash created.
    await claims.start();
    options.onStarted?.(claims);
    log.info('worker started', { claimTag: claims.tagName, leaseTtlSeconds: ctx.config.leaseTtlSeconds });
    while (!ctx.signal.aborted) {
      let report: BatchReport;
      await options.beforeBatch?.(ctx.signal);
      if (ctx.signal.aborted) break;
      // What the batch costs Stash, counted by the client (heartbeats in between included).
      const requestsBefore = ctx.client.requestCount();
      const updatesBefore = ctx.client.sceneUpdateCount();
      try {
        report = await runBatch(fullCtx, batchOptions);
        // Scanning generated files: windows that found nothing are part of the same batch.
        while (report.claimed === 0 && report.moreToScan && !ctx.signal.aborted)
          report = mergeWindows(report, await runBatch(fullCtx, batchOptions));
        report.stashRequests = ctx.client.requestCount() - requestsBefore;
        report.sceneUpdates = ctx.client.sceneUpdateCount() - updatesBefore;
        stats.recordStash(report.stashRequests, report.sceneUpdates);
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

// Two consecutive scan windows as one batch: the later one's findings, both windows' costs.
function mergeWindows(earlier: BatchReport, later: BatchReport): BatchReport {
  const a = earlier.scan;
  const b = later.scan;
  return {
    ...later,
    reaped: earlier.reaped + later.reaped,
    ms: earlier.ms + later.ms,
    scan:
      a && b
        ? {
            pages: a.pages + b.pages,
            scenes: a.scenes + b.scenes,
            fileChecks: a.fileChecks + b.fileChecks,
            coverChecks: a.coverChecks + b.coverChecks,
          }
        : (b ?? a),
  };
}
