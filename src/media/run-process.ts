// The only place that spawns ffmpeg or ffprobe. Every run has a timeout that really ends the
// process (SIGTERM, then SIGKILL after a grace period), honours an AbortSignal, never reads
// stdin (Stash spawns with stdin = /dev/null too) and keeps a bounded stderr tail for errors.
import { execa } from 'execa';
import { FfmpegError } from '../errors.js';
import { toShell } from './shell-quote.js';

export interface RunOptions {
  bin: string;
  args: readonly string[];
  signal?: AbortSignal | undefined;
  /** Kill the process after this long. @default 300000 */
  timeoutMs?: number | undefined;
  /** Grace period between SIGTERM and SIGKILL. @default 5000 */
  killGraceMs?: number | undefined;
  /** Capture stdout as bytes (`buffer`) or discard it. @default 'buffer' */
  stdout?: 'buffer' | 'ignore';
}

export interface RunResult {
  stdout: Buffer;
  stderr: string;
  durationMs: number;
  escapedCommand: string;
}

export type ProcessRunner = (options: RunOptions) => Promise<RunResult>;

const STDERR_TAIL_CHARS = 4000;
export const DEFAULT_TIMEOUT_MS = 300_000;

// Runs a command to completion; resolves on exit code 0, otherwise throws an FfmpegError.
export const runProcess: ProcessRunner = async (options) => {
  const escapedCommand = toShell(options.bin, options.args);
  const started = performance.now();
  let result;
  try {
    result = await execa(options.bin, [...options.args], {
      stdin: 'ignore',
      stdout: options.stdout === 'ignore' ? 'ignore' : 'pipe',
      encoding: 'buffer',
      reject: false,
      cancelSignal: options.signal,
      timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      forceKillAfterDelay: options.killGraceMs ?? 5000,
      maxBuffer: 512 * 1024 * 1024,
      windowsHide: true,
    });
  } catch (cause) {
    throw new FfmpegError({
      escapedCommand,
      exitCode: null,
      signal: null,
      timedOut: false,
      isCanceled: options.signal?.aborted ?? false,
      stderrTail: '',
      durationMs: performance.now() - started,
      reason: 'could not start',
      cause,
    });
  }
  const durationMs = performance.now() - started;
  const stderr = Buffer.from(result.stderr ?? new Uint8Array()).toString('utf8');
  if (result.failed) {
    const reason = result.timedOut
      ? `timed out after ${options.timeoutMs ?? DEFAULT_TIMEOUT_MS} ms`
      : result.isCanceled
        ? 'cancelled'
        : result.code === 'ENOENT'
          ? `${options.bin} not found`
          : result.signal
            ? `killed by ${result.signal}`
            : `exited with code ${result.exitCode}`;
    throw new FfmpegError({
      escapedCommand,
      exitCode: result.exitCode ?? null,
      signal: result.signal ?? null,
      timedOut: result.timedOut,
      isCanceled: result.isCanceled,
      stderrTail: stderr.slice(-STDERR_TAIL_CHARS),
      durationMs,
      reason,
      cause: result.cause,
    });
  }
  const stdout = result.stdout ? Buffer.from(result.stdout) : Buffer.alloc(0);
  return { stdout, stderr, durationMs, escapedCommand };
};
