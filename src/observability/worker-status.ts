// What a worker is doing, for the service's status page, /api/status and /metrics: an event sink
// fed by the worker loop's callbacks (batch started, step started, scene finished, batch
// finished), keeping the current batch, the scenes in flight, the last errors and results, and
// run statistics. Listeners (the metrics) see every event as it is recorded.
import type { PipelineStep } from '../errors.js';
import { RunStats, type RunSummary } from './run-stats.js';

export const WORKER_STATES = ['starting', 'running', 'idle', 'paused', 'stopped'] as const;
export type WorkerState = (typeof WORKER_STATES)[number];

// The parts of a finished scene (pipeline/scene-job.ts SceneOutcome) the status keeps.
export interface FinishedScene {
  sceneId: string;
  title: string;
  status: 'done' | 'skipped' | 'failed';
  failure: { kind: string; step: PipelineStep; error: Error } | null;
  steps: readonly {
    step: PipelineStep;
    outcome: 'done' | 'failed' | 'skipped';
    ms: number;
    detail: string;
    hardware: boolean;
    fastPathDisagreements?: number | undefined;
  }[];
}

// The parts of a finished batch (pipeline/batch.ts BatchReport) the status keeps.
export interface FinishedBatch {
  remaining: number;
  candidates: number;
  claimed: number;
  conflicts: number;
  reaped: number;
  ms: number;
  /** Stash requests and scene updates of this batch (absent from older callers). */
  stashRequests?: number;
  sceneUpdates?: number;
}

export type WorkerEvent =
  | { type: 'started'; workerId: string }
  | { type: 'state'; state: WorkerState }
  | { type: 'batch-started'; batch: number }
  | { type: 'step-started'; sceneId: string; title: string; step: PipelineStep }
  | { type: 'scene-finished'; scene: FinishedScene; done: number; total: number }
  | { type: 'batch-finished'; report: FinishedBatch }
  | { type: 'batch-failed'; message: string };

export interface SceneInFlight {
  sceneId: string;
  title: string;
  step: PipelineStep;
  since: string;
}

export interface RecentResult {
  at: string;
  batch: number;
  sceneId: string;
  title: string;
  status: FinishedScene['status'];
  detail: string;
  seconds: number;
}

export interface RecentError {
  at: string;
  sceneId: string | null;
  step: string | null;
  message: string;
}

export interface BatchSnapshot {
  number: number;
  startedAt: string;
  finishedAt: string | null;
  done: number;
  /** Scenes claimed; null until the first scene finishes. */
  total: number | null;
  counts: { done: number; failed: number; skipped: number };
  report: FinishedBatch | null;
}

export interface WorkerSnapshot {
  workerId: string | null;
  state: WorkerState;
  startedAt: string;
  /** The batch running now, or the last one. */
  batch: BatchSnapshot | null;
  current: SceneInFlight[];
  recent: RecentResult[];
  errors: RecentError[];
  batches: number;
  claimConflicts: number;
  /** Scenes needing work (not claimed, not error-tagged) when the last batch started. */
  queueDepth: number | null;
  summary: RunSummary;
}

// One line for a finished batch: what was claimed, how it went, what was left.
export function formatBatchSummary(
  r: FinishedBatch,
  counts: { done: number; failed: number; skipped: number },
): string {
  return (
    `${r.claimed} claimed of ${r.candidates} candidates (${r.conflicts} taken by other workers), ` +
    `${counts.done} done, ${counts.failed} failed, ${counts.skipped} skipped in ${(r.ms / 1000).toFixed(1)} s; ` +
    `${r.remaining} scenes needed work at the start`
  );
}

const KEEP_RECENT = 20;
const KEEP_ERRORS = 10;

export class WorkerStatus {
  readonly #now: () => number;
  readonly #startedAt: number;
  readonly #stats: RunStats;
  readonly #listeners = new Set<(event: WorkerEvent) => void>();
  readonly #current = new Map<string, SceneInFlight>();
  #workerId: string | null = null;
  #state: WorkerState = 'starting';
  #batch: BatchSnapshot | null = null;
  #recent: RecentResult[] = [];
  #errors: RecentError[] = [];
  #batches = 0;
  #conflicts = 0;
  #queueDepth: number | null = null;

  constructor(now: () => number = Date.now) {
    this.#now = now;
    this.#startedAt = now();
    this.#stats = new RunStats(this.#startedAt);
  }

  // Calls `listener` for every event recorded from now on; returns the unsubscribe function.
  subscribe(listener: (event: WorkerEvent) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  // Records one event and passes it on to the listeners.
  record(event: WorkerEvent): void {
    const at = new Date(this.#now()).toISOString();
    switch (event.type) {
      case 'started':
        this.#workerId = event.workerId;
        break;
      case 'state':
        this.#state = event.state;
        break;
      case 'batch-started':
        this.#state = 'running';
        this.#current.clear();
        this.#batch = {
          number: event.batch,
          startedAt: at,
          finishedAt: null,
          done: 0,
          total: null,
          counts: { done: 0, failed: 0, skipped: 0 },
          report: null,
        };
        break;
      case 'step-started':
        this.#current.set(event.sceneId, {
          sceneId: event.sceneId,
          title: event.title,
          step: event.step,
          since: at,
        });
        break;
      case 'scene-finished':
        this.#sceneFinished(event.scene, event.done, event.total, at);
        break;
      case 'batch-finished':
        this.#batches++;
        this.#conflicts += event.report.conflicts;
        this.#queueDepth = event.report.remaining;
        this.#stats.recordStash(event.report.stashRequests ?? 0, event.report.sceneUpdates ?? 0);
        this.#current.clear();
        if (this.#batch) Object.assign(this.#batch, { finishedAt: at, report: { ...event.report } });
        break;
      case 'batch-failed':
        this.#current.clear();
        if (this.#batch && !this.#batch.finishedAt) this.#batch.finishedAt = at;
        this.#pushError({ at, sceneId: null, step: null, message: event.message });
        break;
      default:
        event satisfies never;
    }
    for (const listener of this.#listeners) listener(event);
  }

  #sceneFinished(scene: FinishedScene, done: number, total: number, at: string): void {
    this.#current.delete(scene.sceneId);
    for (const s of scene.steps)
      this.#stats.record(s.step, s.outcome, s.ms, {
        hardware: s.hardware,
        fastPathDisagreements: s.fastPathDisagreements,
      });
    if (scene.failure?.kind !== 'cancelled') this.#stats.recordScene(scene.status);
    if (this.#batch) {
      this.#batch.done = done;
      this.#batch.total = total;
      this.#batch.counts[scene.status]++;
    }
    const ran = scene.steps.filter((s) => s.outcome !== 'skipped');
    const detail = scene.failure
      ? scene.failure.error.message
      : ran.map((s) => `${s.step} ${s.detail}`).join('; ');
    const seconds = scene.steps.reduce((sum, s) => sum + s.ms, 0) / 1000;
    this.#recent = [
      {
        at,
        batch: this.#batch?.number ?? 0,
        sceneId: scene.sceneId,
        title: scene.title,
        status: scene.status,
        detail,
        seconds,
      },
      ...this.#recent,
    ].slice(0, KEEP_RECENT);
    if (scene.failure && scene.failure.kind !== 'cancelled') {
      this.#pushError({
        at,
        sceneId: scene.sceneId,
        step: scene.failure.step,
        message: scene.failure.error.message,
      });
    }
  }

  #pushError(error: RecentError): void {
    this.#errors = [error, ...this.#errors].slice(0, KEEP_ERRORS);
  }

  // A copy of the current state (safe to serialise).
  snapshot(): WorkerSnapshot {
    return {
      workerId: this.#workerId,
      state: this.#state,
      startedAt: new Date(this.#startedAt).toISOString(),
      batch: this.#batch ? { ...this.#batch, counts: { ...this.#batch.counts } } : null,
      current: [...this.#current.values()].map((c) => ({ ...c })),
      recent: this.#recent.map((r) => ({ ...r })),
      errors: this.#errors.map((e) => ({ ...e })),
      batches: this.#batches,
      claimConflicts: this.#conflicts,
      queueDepth: this.#queueDepth,
      summary: this.#stats.summarize(this.#now()),
    };
  }
}
