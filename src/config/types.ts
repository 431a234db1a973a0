// The resolved configuration: complete, frozen, and `null` where a value is absent.
import type { LogLevel } from '../observability/logger.js';

// What a worker can generate for a scene, in the order a worker runs them.
export const STEP_IDS = ['phash', 'cover', 'sprite', 'preview', 'webp', 'markers'] as const;
export type StepId = (typeof STEP_IDS)[number];

// How ffmpeg may use the GPU: `auto` probes and falls back to software, `off` never tries, a
// named backend is required. Defined with the hardware layer; re-exported for the option table.
import type { HwAccelMode } from '../media/hwaccel/types.js';
export { HW_ACCEL_MODES, type HwAccelMode } from '../media/hwaccel/types.js';

export const LOG_LEVELS = ['debug', 'info', 'warn', 'error'] as const satisfies readonly LogLevel[];

// A path as Stash sees it (`/data/videos`) and the same place on this machine (`/mnt/nas/videos`).
export interface PathMapping {
  readonly stashPrefix: string;
  readonly localPrefix: string;
}

export interface Config {
  /** Stash's base URL, without `/graphql`. @default 'http://localhost:9999' */
  readonly stashUrl: string;
  /** Stash API key (Settings → Security). Secret. @default null */
  readonly apiKey: string | null;
  /** Stash session cookie, as the plugin receives it. Secret. @default null */
  readonly sessionCookie: string | null;
  /** Stash path prefix → local path prefix, longest Stash prefix first. @default [] */
  readonly pathMap: readonly PathMapping[];
  /** Where generated files go; null: Stash's generatedPath mapped through pathMap. @default null */
  readonly generatedDir: string | null;
  /** What to generate, in STEP_IDS order. @default ['phash'] */
  readonly steps: readonly StepId[];
  /** Only scenes with a file whose path contains this (`re:` prefix: a regular expression). @default null */
  readonly pathFilter: string | null;
  /** Only these scenes (Stash ids). @default null */
  readonly sceneIds: readonly number[] | null;
  /** Process error-tagged scenes again, removing the error tag from those that succeed. @default false */
  readonly retryErrors: boolean;
  /** Scenes claimed per query. @default 20 */
  readonly batchSize: number;
  /** ffmpeg processes at once. @default os.availableParallelism() */
  readonly concurrency: number;
  /** Scenes worked on at once. @default 2 */
  readonly sceneConcurrency: number;
  /** How long a claim lasts without a heartbeat. @default 600 */
  readonly leaseTtlSeconds: number;
  /** Prefix of the per-worker claim tag. @default 'phashvaapi claim' */
  readonly claimTagPrefix: string;
  /** Tag put on scenes that failed permanently. @default 'phashvaapi error' */
  readonly errorTag: string;
  /** File that failures are appended to. @default 'phashvaapi-errors.log' */
  readonly errorLog: string;
  /** Regenerate even when Stash already has the output. @default false */
  readonly force: boolean;
  /** Write phashes even when the parity sample shows this ffmpeg hashes differently from Stash's. @default false */
  readonly allowPhashMismatch: boolean;
  /** Print what would be done; write nothing. @default false */
  readonly dryRun: boolean;
  /** Machine-readable output: JSON log lines and JSON command output. @default false */
  readonly json: boolean;
  /** Process one batch and exit instead of looping. @default false */
  readonly once: boolean;
  /** First wait when there is nothing to do. @default 30 */
  readonly idleMinSeconds: number;
  /** Longest wait when there is nothing to do. @default 600 */
  readonly idleMaxSeconds: number;
  /** @default 'ffmpeg' */
  readonly ffmpegPath: string;
  /** @default 'ffprobe' */
  readonly ffprobePath: string;
  /** Kill one ffmpeg run after this long. @default 1800 */
  readonly ffmpegTimeoutSeconds: number;
  /** Frames per file a fast path served that are re-grabbed with Stash's command: a count, or 'all'. @default 1 */
  readonly checkFrames: number | 'all';
  /** @default 'auto' */
  readonly hwaccel: HwAccelMode;
  /** @default 'info' */
  readonly logLevel: LogLevel;
  /** Timeout of one Stash request. @default 30 */
  readonly requestTimeoutSeconds: number;
  /** Retries of a failed Stash request or retryable step. @default 5 */
  readonly retries: number;
  /** Where `phashvaapi serve` listens (host:port). @default '127.0.0.1:9971' */
  readonly listen: string;
  /** Token `phashvaapi serve` requires (Bearer); needed when listening beyond loopback. Secret. @default null */
  readonly accessToken: string | null;
}

export type ConfigKey = keyof Config;

// Where a value came from, e.g. `env:PHASHVAAPI_BATCH_SIZE` or `flag:--batch-size`.
export type ConfigSource = 'default' | `file:${string}` | `env:${string}` | `flag:--${string}`;

export type ConfigSources = Readonly<Record<ConfigKey, ConfigSource>>;

export interface ResolvedConfig {
  readonly config: Readonly<Config>;
  readonly sources: ConfigSources;
}
