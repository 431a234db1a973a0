// Retry delays: exponential with "equal jitter" (half fixed, half random), capped.

export interface BackoffOptions {
  /** First retry waits about this long. @default 250 */
  baseMs: number;
  /** No wait is longer than this. @default 10000 */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 10_000 };

// The wait before retry number `attempt` (0-based): in [d/2, d] with d = min(max, base * 2^attempt).
export function backoffDelay(
  attempt: number,
  options: BackoffOptions,
  random: () => number = Math.random,
): number {
  const ceiling = Math.min(options.maxMs, options.baseMs * 2 ** attempt);
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}
