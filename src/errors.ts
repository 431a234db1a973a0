// Typed errors. Every error a user may see names what failed (file, scene, step) and why;
// the worker decides from `retryable` whether to retry later or mark the scene as failed.

export type PipelineStep = 'probe' | 'phash' | 'cover' | 'sprite' | 'preview' | 'webp' | 'markers' | 'stash';

// Base class: `name` is the subclass name so logs and `instanceof` checks agree.
export class PhashVaapiError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }
}

// A child process (ffmpeg/ffprobe) failed, timed out or was cancelled.
export class FfmpegError extends PhashVaapiError {
  readonly escapedCommand: string;
  readonly exitCode: number | null;
  readonly signal: string | null;
  readonly timedOut: boolean;
  readonly isCanceled: boolean;
  readonly stderrTail: string;
  readonly durationMs: number;

  constructor(fields: {
    escapedCommand: string;
    exitCode: number | null;
    signal: string | null;
    timedOut: boolean;
    isCanceled: boolean;
    stderrTail: string;
    durationMs: number;
    reason: string;
    cause?: unknown;
  }) {
    const tail = fields.stderrTail.trim();
    super(`${fields.reason}: ${fields.escapedCommand}${tail ? `\n${tail}` : ''}`, { cause: fields.cause });
    this.escapedCommand = fields.escapedCommand;
    this.exitCode = fields.exitCode;
    this.signal = fields.signal;
    this.timedOut = fields.timedOut;
    this.isCanceled = fields.isCanceled;
    this.stderrTail = fields.stderrTail;
    this.durationMs = fields.durationMs;
  }
}

// The input video cannot be used (missing, unreadable, no video stream, undecodable frames).
// Not retryable: the same file will fail the same way until the user fixes it.
export class MediaError extends PhashVaapiError {
  readonly file: string;
  constructor(file: string, message: string, options?: { cause?: unknown }) {
    super(`${file}: ${message}`, options);
    this.file = file;
  }
}

// One step of one scene failed. Wraps the underlying error with the scene id and step.
export class StepError extends PhashVaapiError {
  readonly sceneId: string;
  readonly step: PipelineStep;
  readonly retryable: boolean;
  constructor(sceneId: string, step: PipelineStep, cause: unknown, retryable: boolean) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    super(`scene ${sceneId}, step ${step}: ${reason}`, { cause });
    this.sceneId = sceneId;
    this.step = step;
    this.retryable = retryable;
  }
}

// Bad configuration or command-line input; the message says which option and value.
export class ConfigError extends PhashVaapiError {}
