// A one-line progress bar with ETA for a TTY, redrawn in place with `\r`; a no-op on anything
// else (a pipe, a log file, journald) so services never get control characters in their logs.
import { formatDuration } from './format-duration.js';

export interface ProgressStream {
  readonly isTTY?: boolean;
  readonly columns?: number;
  write(text: string): unknown;
}

export interface ProgressOptions {
  stream: ProgressStream;
  total: number;
  label?: string;
  /** Clock in ms; injectable for tests. @default Date.now */
  now?: () => number;
  /** Least time between redraws. @default 100 */
  minIntervalMs?: number;
}

export interface ProgressBar {
  /** Sets the number done (and optionally a new total), redrawing at most every minIntervalMs. */
  update(done: number, total?: number): void;
  /** Adds `n` (default 1) to the number done. */
  tick(n?: number): void;
  /** Draws the final state and moves to the next line. */
  stop(): void;
}

export interface ProgressLine {
  done: number;
  total: number;
  elapsedMs: number;
  width: number;
  label: string;
}

const CLEAR_TO_END = '\x1b[K';
const NOOP: ProgressBar = { update: () => undefined, tick: () => undefined, stop: () => undefined };

// A progress bar on `stream`, or a no-op when it is not a TTY.
export function createProgressBar(options: ProgressOptions): ProgressBar {
  const { stream, label = '', now = Date.now, minIntervalMs = 100 } = options;
  if (!stream.isTTY) return NOOP;
  const startedAt = now();
  let total = options.total;
  let done = 0;
  let drawnAt = -Infinity;
  let stopped = false;
  const draw = (force: boolean): void => {
    const at = now();
    if (stopped || (!force && at - drawnAt < minIntervalMs && done < total)) return;
    drawnAt = at;
    const width = Math.max(20, (stream.columns ?? 80) - 1);
    stream.write(
      `\r${formatProgressLine({ done, total, elapsedMs: at - startedAt, width, label })}${CLEAR_TO_END}`,
    );
  };
  return {
    update(value, newTotal) {
      done = value;
      if (newTotal !== undefined) total = newTotal;
      draw(false);
    },
    tick(n = 1) {
      done += n;
      draw(false);
    },
    stop() {
      draw(true);
      if (!stopped) stream.write('\n');
      stopped = true;
    },
  };
}

// `label [#####-----]  42/100  42%  ETA 3m12s` (`took 5m01s` once complete), fitted to `width` characters (pure).
export function formatProgressLine({ done, total, elapsedMs, width, label }: ProgressLine): string {
  const fraction = total > 0 ? Math.min(1, Math.max(0, done / total)) : 1;
  const tail = `  ${done}/${total}  ${Math.floor(fraction * 100)}%  ${formatTiming(done, total, elapsedMs)}`;
  const head = label ? `${label} ` : '';
  const barWidth = Math.max(5, width - head.length - tail.length - 2);
  const filled = Math.round(fraction * barWidth);
  return `${head}[${'#'.repeat(filled)}${'-'.repeat(barWidth - filled)}]${tail}`;
}

function formatTiming(done: number, total: number, elapsedMs: number): string {
  if (done >= total) return `took ${formatDuration(elapsedMs)}`;
  if (done <= 0) return 'ETA --';
  return `ETA ${formatDuration((elapsedMs / done) * (total - done))}`;
}
