// Plugin tasks run by the service (the plugin's "via the service" path): the plugin POSTs a task,
// then polls it and relays its log lines and progress to Stash. `run` triggers a batch of the
// service's own loop and follows it; `hook` only triggers (a hook must return at once); the
// others run a read-only report with the service's Stash connection.
import { randomBytes } from 'node:crypto';
import type { LogLevel } from '../../src/observability/logger.js';
import { formatBatchSummary, type WorkerStatus } from '../../src/observability/worker-status.js';
import type { LoopControl } from './loop-control.js';

export const TASK_MODES = ['run', 'dry-run', 'status', 'verify', 'hook'] as const;
export type TaskMode = (typeof TASK_MODES)[number];

export interface TaskLogLine {
  level: LogLevel;
  message: string;
}

export interface TaskJobView {
  id: string;
  mode: TaskMode;
  done: boolean;
  /** 0..1 */
  progress: number;
  /** Log lines from index `since` on; `next` is the index to ask for next. */
  logs: TaskLogLine[];
  next: number;
  output: string | null;
  error: string | null;
}

// What a report task may use: a line to log and a progress callback.
export interface TaskIo {
  log: (level: LogLevel, message: string) => void;
  progress: (fraction: number) => void;
}

export interface TaskJobsOptions {
  control: LoopControl;
  status: WorkerStatus;
  /** Report tasks by mode: resolve to the output text. */
  reports: Record<
    'dry-run' | 'status' | 'verify',
    (args: Record<string, unknown>, io: TaskIo) => Promise<string>
  >;
}

interface Job {
  id: string;
  mode: TaskMode;
  done: boolean;
  progress: number;
  logs: TaskLogLine[];
  output: string | null;
  error: string | null;
}

const KEEP_JOBS = 50;

export class TaskJobs {
  readonly #jobs = new Map<string, Job>();
  readonly #options: TaskJobsOptions;

  constructor(options: TaskJobsOptions) {
    this.#options = options;
  }

  // Starts a task; the view already shows it done when it finished at once (hook, bad mode).
  start(mode: TaskMode, args: Record<string, unknown>): TaskJobView {
    const job: Job = {
      id: randomBytes(6).toString('hex'),
      mode,
      done: false,
      progress: 0,
      logs: [],
      output: null,
      error: null,
    };
    this.#jobs.set(job.id, job);
    for (const id of [...this.#jobs.keys()].slice(0, Math.max(0, this.#jobs.size - KEEP_JOBS)))
      this.#jobs.delete(id);
    const io: TaskIo = {
      log: (level, message) => job.logs.push({ level, message }),
      progress: (p) => (job.progress = Math.max(job.progress, Math.min(1, Math.max(0, p)))),
    };
    const finish = (output: string | null, error: string | null) =>
      Object.assign(job, { done: true, output, error, progress: 1 });
    if (mode === 'hook') {
      const { batch } = this.#options.control.trigger();
      const scene =
        typeof args.sceneId === 'string' || typeof args.sceneId === 'number'
          ? ` for scene ${args.sceneId}`
          : '';
      finish(`batch ${batch} requested${scene}`, null);
    } else {
      const work = mode === 'run' ? this.#followBatch(io) : this.#options.reports[mode](args, io);
      work.then(
        (output) => finish(output, null),
        (error: unknown) => finish(null, error instanceof Error ? error.message : String(error)),
      );
    }
    return this.view(job.id, 0)!;
  }

  // The job with the log lines from `since` on, or null when unknown.
  view(id: string, since: number): TaskJobView | null {
    const job = this.#jobs.get(id);
    if (!job) return null;
    const from = Math.max(0, Math.min(since, job.logs.length));
    return { ...job, logs: job.logs.slice(from), next: job.logs.length };
  }

  // Triggers a batch and follows it: one log line per scene, progress done/total.
  async #followBatch(io: TaskIo): Promise<string> {
    const { control, status } = this.#options;
    const triggered = control.trigger();
    io.log(
      'info',
      `batch ${triggered.batch} requested${control.paused ? ' (the loop is paused; this one batch runs)' : ''}`,
    );
    let current = -1;
    const unsubscribe = status.subscribe((event) => {
      if (event.type === 'batch-started') {
        current = event.batch;
        if (current === triggered.batch) io.log('info', `batch ${current} started`);
      } else if (event.type === 'scene-finished' && current === triggered.batch) {
        const s = event.scene;
        const what = s.failure
          ? `failed at ${s.failure.step}: ${s.failure.error.message.split('\n')[0]}`
          : s.status;
        io.log(
          s.failure ? 'warn' : 'info',
          `scene ${s.sceneId}${s.title ? ` "${s.title}"` : ''}: ${what} (${event.done}/${event.total})`,
        );
        io.progress(event.done / Math.max(1, event.total));
      }
    });
    try {
      const report = await triggered.finished;
      const batch = status.snapshot().batch;
      const counts = batch?.number === triggered.batch ? batch.counts : { done: 0, failed: 0, skipped: 0 };
      return `batch ${triggered.batch}: ${formatBatchSummary(report, counts)}`;
    } finally {
      unsubscribe();
    }
  }
}
