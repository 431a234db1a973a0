// Deciding whose fault a failure is. Permanent: the file (missing, corrupt, undecodable, ffmpeg
// cannot process it) — the scene gets the error tag and a line in the error log, and is skipped
// until the user removes the tag. Transient: Stash or the network — retried later, never blamed
// on the file. Cancelled: we are shutting down — nothing is recorded.
import { ClaimLostError } from '../claims/claims.js';
import { FfmpegError, MediaError, StepError } from '../errors.js';
import { StashApiError } from '../stash/errors.js';

export type FailureKind = 'permanent' | 'transient' | 'cancelled';

// Classifies an error thrown by a step.
export function classifyFailure(error: unknown, signal: AbortSignal): FailureKind {
  if (signal.aborted) return 'cancelled';
  const cause = error instanceof StepError ? error.cause : error;
  if (cause instanceof ClaimLostError) return 'transient';
  // Every Stash error is Stash's answer to us, never the file's fault: an outage or a 5xx
  // (retryable), and equally a refused API key (401/403), a validation error or a resolver error.
  // The scene stays untagged and is found again; a refused key also fails the worker's next
  // request outside any scene, which stops the worker instead of looping.
  if (cause instanceof StashApiError) return 'transient';
  if (cause instanceof MediaError || cause instanceof FfmpegError) return 'permanent';
  // Anything else (a bug, a full disk) is not the file's fault: do not tag the scene for it.
  return 'transient';
}
