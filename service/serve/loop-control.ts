// Control of the service's worker loop from the HTTP API: trigger (a batch starts now, even while
// idle or paused), pause (no new batch starts; the running one finishes) and resume. Plugs into
// runWorker through its `beforeBatch` and `idle` hooks and reports to the WorkerStatus.
import { setTimeout as sleep } from 'node:timers/promises';
import type { FinishedBatch, WorkerStatus } from '../../src/observability/worker-status.js';

export interface TriggeredBatch {
  /** The number of the batch that serves this trigger. */
  batch: number;
  /** Settles when that batch has finished (rejects when it could not run). */
  finished: Promise<FinishedBatch>;
}

interface Waiter {
  batch: number;
  resolve: (report: FinishedBatch) => void;
  reject: (error: Error) => void;
}

export class LoopControl {
  readonly #status: WorkerStatus;
  #paused: boolean;
  #pending = 0;
  #batch = 0;
  #running = false;
  #stopped = false;
  #wake: (() => void) | null = null;
  #waiters: Waiter[] = [];

  constructor(status: WorkerStatus, options: { paused?: boolean } = {}) {
    this.#status = status;
    this.#paused = options.paused ?? false;
  }

  get paused(): boolean {
    return this.#paused;
  }

  // Stops new batches from starting (a triggered one still runs).
  pause(): void {
    this.#paused = true;
    if (!this.#running) this.#status.record({ type: 'state', state: 'paused' });
  }

  // Lets the loop take batches again, at once.
  resume(): void {
    this.#paused = false;
    if (!this.#running) this.#status.record({ type: 'state', state: 'idle' });
    this.#wakeUp();
  }

  // Asks for a batch that starts after now (the running one may have missed new scenes).
  trigger(): TriggeredBatch {
    if (this.#stopped) {
      return { batch: this.#batch, finished: Promise.reject(new Error('the worker loop has stopped')) };
    }
    this.#pending++;
    const batch = this.#batch + 1;
    const finished = new Promise<FinishedBatch>((resolve, reject) =>
      this.#waiters.push({ batch, resolve, reject }),
    );
    // Unobserved rejections must not crash the service (a hook trigger does not wait).
    finished.catch(() => undefined);
    this.#wakeUp();
    return { batch, finished };
  }

  // runWorker's `beforeBatch`: holds while paused and untriggered, then numbers the batch.
  readonly beforeBatch = async (signal: AbortSignal): Promise<void> => {
    if (this.#running)
      this.#settle(
        this.#batch,
        new Error('the batch stopped early (Stash unavailable?); see the service log'),
      );
    while (this.#paused && this.#pending === 0 && !signal.aborted) {
      this.#status.record({ type: 'state', state: 'paused' });
      await this.#sleepUntilWoken(null, signal);
    }
    if (signal.aborted) return;
    this.#pending = 0;
    this.#batch++;
    this.#running = true;
    this.#status.record({ type: 'batch-started', batch: this.#batch });
  };

  // runWorker's `idle`: sleeps `ms` unless a trigger (or resume) arrives first.
  readonly idle = async (ms: number, signal: AbortSignal): Promise<void> => {
    if (this.#running)
      this.#settle(
        this.#batch,
        new Error('the batch stopped early (Stash unavailable?); see the service log'),
      );
    if (this.#pending > 0) return;
    this.#status.record({ type: 'state', state: this.#paused ? 'paused' : 'idle' });
    await this.#sleepUntilWoken(ms, signal);
  };

  // runWorker's `onBatch`.
  batchFinished(report: FinishedBatch): void {
    this.#status.record({ type: 'batch-finished', report });
    this.#settle(this.#batch, report);
  }

  // The loop has ended: every waiting trigger fails.
  stopped(reason: Error): void {
    this.#stopped = true;
    this.#running = false;
    for (const w of this.#waiters.splice(0)) w.reject(reason);
    this.#status.record({ type: 'state', state: 'stopped' });
  }

  #settle(batch: number, result: FinishedBatch | Error): void {
    this.#running = false;
    if (result instanceof Error) this.#status.record({ type: 'batch-failed', message: result.message });
    const served = this.#waiters.filter((w) => w.batch <= batch);
    this.#waiters = this.#waiters.filter((w) => w.batch > batch);
    for (const w of served) {
      if (result instanceof Error) w.reject(result);
      else w.resolve(result);
    }
  }

  #wakeUp(): void {
    const wake = this.#wake;
    this.#wake = null;
    wake?.();
  }

  async #sleepUntilWoken(ms: number | null, signal: AbortSignal): Promise<void> {
    const done = new AbortController();
    const until = AbortSignal.any([signal, done.signal]);
    const waits: Promise<unknown>[] = [
      new Promise<void>((resolve) => (this.#wake = resolve)),
      new Promise((resolve) => until.addEventListener('abort', resolve, { once: true })),
    ];
    if (ms !== null) waits.push(sleep(ms, undefined, { signal: until }).catch(() => undefined));
    await Promise.race(waits);
    done.abort();
    this.#wake = null;
  }
}
