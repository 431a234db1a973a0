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

export interface PipeOptions {
  /** Its stdout feeds the sink's stdin; its own exit status is not judged (see runPipe). */
  source: RunOptions;
  sink: RunOptions;
}

// Runs `source | sink`; resolves with the sink's result, throws when the sink fails.
export type PipeRunner = (options: PipeOptions) => Promise<RunResult>;

const STDERR_TAIL_CHARS = 4000;
export const DEFAULT_TIMEOUT_MS = 300_000;

function execaOptions(options: RunOptions) {
  return {
    stdout: options.stdout === 'ignore' ? ('ignore' as const) : ('pipe' as const),
    encoding: 'buffer' as const,
    // Images come on stdout: execa would strip a final \n or \r\n from them (a BMP whose last
    // pixel byte is 0x0A), so output is kept byte for byte; `lines` stays off for the same reason.
    stripFinalNewline: false as const,
    lines: false as const,
    reject: false as const,
    cancelSignal: options.signal,
    timeout: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    forceKillAfterDelay: options.killGraceMs ?? 5000,
    maxBuffer: 512 * 1024 * 1024,
    windowsHide: true,
  };
}

// Runs a command to completion; resolves on exit code 0, otherwise throws an FfmpegError.
export const runProcess: ProcessRunner = async (options) => {
  const escapedCommand = toShell(options.bin, options.args);
  const started = performance.now();
  let result;
  try {
    result = await execa(options.bin, [...options.args], { ...execaOptions(options), stdin: 'ignore' });
  } catch (cause) {
    throw couldNotStart(escapedCommand, options, started, cause);
  }
  return judge(options, escapedCommand, started, result);
};

// Runs `source | sink`. The source's status is not judged: a sink that has all it needs may exit
// first and the source then dies of a broken pipe; a source that fails early starves the sink,
// which then fails (or returns less than its caller expects) on its own.
export const runPipe: PipeRunner = async ({ source, sink }) => {
  const escapedCommand = `${toShell(source.bin, source.args)} | ${toShell(sink.bin, sink.args)}`;
  const started = performance.now();
  let result;
  try {
    const producer = execa(source.bin, [...source.args], {
      ...execaOptions(source),
      stdin: 'ignore',
      stdout: 'pipe',
      buffer: { stdout: false },
    });
    const consumer = execa(sink.bin, [...sink.args], { ...execaOptions(sink), stdin: 'pipe' });
    consumer.stdin.on('error', () => undefined); // the sink may stop reading early
    producer.stdout.pipe(consumer.stdin);
    [result] = await Promise.all([consumer, producer.catch(() => undefined)]);
  } catch (cause) {
    throw couldNotStart(escapedCommand, sink, started, cause);
  }
  return judge(sink, escapedCommand, started, result);
};

function couldNotStart(
  escapedCommand: string,
  options: RunOptions,
  started: number,
  cause: unknown,
): FfmpegError {
  return new FfmpegError({
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

type ExecaOutcome = Awaited<ReturnType<typeof execa<ReturnType<typeof execaOptions> & { stdin: 'ignore' }>>>;

function judge(
  options: RunOptions,
  escapedCommand: string,
  started: number,
  result: ExecaOutcome,
): RunResult {
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
}
