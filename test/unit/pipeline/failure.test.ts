// Whose fault a failure is decides whether a scene gets the error tag: only the file's own
// failures may tag it. Every Stash error, an outage as much as a refused key, leaves it untagged.
import { describe, expect, it } from 'vitest';
import { ClaimLostError } from '../../../src/claims/claims.js';
import { FfmpegError, MediaError, StepError } from '../../../src/errors.js';
import { classifyFailure, type FailureKind } from '../../../src/pipeline/failure.js';
import { StashApiError, StashAuthError, StashUnreachableError } from '../../../src/stash/errors.js';

const ffmpegError = new FfmpegError({
  escapedCommand: 'ffmpeg -i x.mp4',
  exitCode: 1,
  signal: null,
  timedOut: false,
  isCanceled: false,
  stderrTail: 'Invalid data found when processing input',
  durationMs: 10,
  reason: 'ffmpeg failed',
});
const unreachable = new StashUnreachableError({
  operation: 'SetFilePhash',
  url: 'http://stash:9999/graphql',
  attempts: 4,
  reason: 'ECONNREFUSED',
});
const http503 = new StashApiError('Stash answered HTTP 503', {
  operation: 'SetFilePhash',
  status: 503,
  retryable: true,
});
const http401 = new StashAuthError('SetFilePhash', 401, 'API key', 'http://stash:9999/graphql');
const http422 = new StashApiError('validation failed', {
  operation: 'SetSceneCover',
  status: 422,
  retryable: false,
});
const resolver = new StashApiError('scene with id 7 not found', {
  operation: 'SetSceneCover',
  status: 200,
  retryable: false,
});
const media = new MediaError('/data/a.mp4', 'file not found');

const cases: [string, FailureKind, unknown][] = [
  ['Stash unreachable', 'transient', unreachable],
  ['Stash answering 5xx', 'transient', http503],
  ['a refused API key (401): not the file', 'transient', http401],
  ['a validation error (422): not the file', 'transient', http422],
  ['a resolver error (scene gone): not the file', 'transient', resolver],
  ['a lost claim', 'transient', new ClaimLostError('scene 7 is no longer claimed')],
  ['a missing or unreadable file', 'permanent', media],
  ['ffmpeg failing on the file', 'permanent', ffmpegError],
  ['a bug or a full disk', 'transient', new Error('ENOSPC')],
];

describe('classifyFailure', () => {
  const live = new AbortController().signal;
  it.each(cases)('%s → %s (also wrapped in a StepError)', (_what, kind, error) => {
    expect(classifyFailure(error, live), 'bare').toBe(kind);
    expect(classifyFailure(new StepError('7', 'phash', error, false), live), 'wrapped').toBe(kind);
  });

  it('anything while stopping is cancelled, even a file failure', () => {
    const stopped = AbortSignal.abort();
    expect(classifyFailure(media, stopped)).toBe('cancelled');
    expect(classifyFailure(unreachable, stopped)).toBe('cancelled');
  });
});
