// Results are never dropped because Stash was briefly away: a write that fails for a transient
// reason (unreachable, 5xx, timeout — after the client's own quick retries) is tried again with a
// growing pause until Stash answers or the worker is stopped.
import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '../observability/logger.js';
import { StashApiError } from '../stash/errors.js';

export interface StashRetryOptions {
  signal: AbortSignal;
  logger: Logger;
  what: string;
  /** @default 1000 */
  firstDelayMs?: number;
  /** @default 60000 */
  maxDelayMs?: number;
}

// Runs `fn` until it succeeds, retrying only retryable Stash errors.
export async function untilStashAnswers<T>(fn: () => Promise<T>, options: StashRetryOptions): Promise<T> {
  let delay = options.firstDelayMs ?? 1000;
  for (;;) {
    try {
      return await fn();
    } catch (error) {
      if (!(error instanceof StashApiError && error.retryable) || options.signal.aborted) throw error;
      options.logger.warn(
        `Stash unavailable while trying to ${options.what}; retrying in ${Math.round(delay / 1000)} s`,
        {
          reason: error.message,
        },
      );
      await sleep(delay, undefined, { signal: options.signal });
      delay = Math.min(delay * 2, options.maxDelayMs ?? 60_000);
    }
  }
}
