// The option table: every setting once, with its flag, environment variable, YAML key, default,
// description and parser. Flags, env names and YAML keys are derived from the key so they can
// never drift apart: `batchSize` ↔ `--batch-size` ↔ PHASHVAAPI_BATCH_SIZE ↔ `batchSize:`.
import { availableParallelism } from 'node:os';
import { parseListen } from './parse-listen.js';
import { parsePathMap } from './parse-path-map.js';
import { parseStashUrl } from './parse-stash-url.js';
import {
  parseBoolean,
  parseChoice,
  parseChoiceList,
  parseInteger,
  parseSeconds,
  parseText,
  toList,
  InvalidValueError,
  type ValueParser,
} from './parse-value.js';
import { HW_ACCEL_MODES, LOG_LEVELS, STEP_IDS, type Config, type ConfigKey } from './types.js';

export const ENV_PREFIX = 'PHASHVAAPI_';

export type OptionType = 'string' | 'number' | 'boolean' | 'string[]' | 'enum' | 'enum[]';

export interface OptionSpec<K extends ConfigKey = ConfigKey> {
  readonly key: K;
  /** Long flag without dashes (kebab-case). */
  readonly flag: string;
  readonly env: string;
  readonly yamlKey: string;
  readonly type: OptionType;
  readonly choices: readonly string[] | null;
  readonly defaultValue: () => Config[K];
  /** The default as help and `phashvaapi config` show it. */
  readonly defaultText: string;
  readonly description: string;
  /** Never printed; errors about it do not echo the value. */
  readonly secret: boolean;
  readonly parse: ValueParser<Config[K]>;
}

interface OptionInput<K extends ConfigKey> {
  type: OptionType;
  choices?: readonly string[];
  default: Config[K] | (() => Config[K]);
  defaultText?: string;
  description: string;
  secret?: boolean;
  parse: ValueParser<Config[K]>;
}

const positiveInteger = parseInteger(1);

// Scene ids: a list (YAML) or comma-separated text of positive integers, de-duplicated, in order.
function parseSceneIds(raw: unknown): readonly number[] {
  const expected = 'a non-empty list of scene ids (positive integers)';
  const items = (
    Array.isArray(raw) ? raw.map((item) => (typeof item === 'number' ? String(item) : item)) : raw
  ) as unknown;
  const ids = toList(items, expected).flatMap((item) =>
    item
      .split(',')
      .map((s) => s.trim())
      .filter(Boolean),
  );
  const bad = ids.find((id) => !/^\d+$/.test(id) || !Number.isSafeInteger(Number(id)) || Number(id) < 1);
  if (bad !== undefined) throw new InvalidValueError(expected, raw, `\`${bad}\` is not a scene id`);
  if (ids.length === 0) throw new InvalidValueError(expected, raw);
  return [...new Set(ids.map(Number))];
}

// A path substring, or `re:` and a regular expression (Go syntax; checked here as far as JS can).
function parsePathFilter(raw: unknown): string {
  const text = parseText(raw);
  if (text.startsWith('re:')) {
    try {
      new RegExp(text.slice(3), 'u');
    } catch (error) {
      throw new InvalidValueError(
        'a path substring or re:REGEX',
        raw,
        `the regular expression is invalid: ${(error as Error).message}`,
      );
    }
  }
  return text;
}

// `all`, or a count >= 0 (0 turns the check off).
function parseCheckFrames(raw: unknown): number | 'all' {
  if (typeof raw === 'string' && raw.trim() === 'all') return 'all';
  try {
    return parseInteger(0)(raw);
  } catch {
    throw new InvalidValueError('an integer >= 0 or `all`', raw);
  }
}

// The table. Order here is the order of `--help` and `phashvaapi config`.
export const CONFIG_OPTIONS: { readonly [K in ConfigKey]: OptionSpec<K> } = defineOptions({
  stashUrl: {
    type: 'string',
    default: 'http://localhost:9999',
    description: 'Stash URL (with or without /graphql)',
    parse: parseStashUrl,
  },
  apiKey: {
    type: 'string',
    default: null,
    secret: true,
    description: 'Stash API key (prefer the env var or config file: flags show up in `ps`)',
    parse: parseText,
  },
  sessionCookie: {
    type: 'string',
    default: null,
    secret: true,
    description: 'Stash session cookie (the plugin passes its own)',
    parse: parseText,
  },
  pathMap: {
    type: 'string[]',
    default: [],
    defaultText: 'none',
    description: 'STASH_PREFIX=LOCAL_PREFIX; repeat for several',
    parse: parsePathMap,
  },
  generatedDir: {
    type: 'string',
    default: null,
    defaultText: "Stash's generatedPath through pathMap",
    description: 'where generated files are written',
    parse: parseText,
  },
  steps: {
    type: 'enum[]',
    choices: STEP_IDS,
    default: ['phash'],
    description: 'what to generate, comma-separated',
    parse: parseChoiceList(STEP_IDS),
  },
  pathFilter: {
    type: 'string',
    default: null,
    description: 'only scenes with a file path containing this (re:REGEX for a regular expression)',
    parse: parsePathFilter,
  },
  sceneIds: {
    type: 'string[]',
    default: null,
    defaultText: 'all scenes',
    description: 'only these scene ids, comma-separated',
    parse: parseSceneIds,
  },
  retryErrors: {
    type: 'boolean',
    default: false,
    description: 'process error-tagged scenes again; the tag is removed from those that succeed',
    parse: parseBoolean,
  },
  batchSize: { type: 'number', default: 20, description: 'scenes claimed per query', parse: positiveInteger },
  concurrency: {
    type: 'number',
    default: () => availableParallelism(),
    defaultText: 'number of CPUs',
    description: 'ffmpeg processes at once',
    parse: positiveInteger,
  },
  sceneConcurrency: {
    type: 'number',
    default: 2,
    description: 'scenes worked on at once',
    parse: positiveInteger,
  },
  leaseTtlSeconds: {
    type: 'number',
    default: 600,
    description: 'a claim expires after this long without a heartbeat',
    parse: positiveInteger,
  },
  claimTagPrefix: {
    type: 'string',
    default: 'phashvaapi claim',
    description: 'prefix of the per-worker claim tag',
    parse: parseText,
  },
  errorTag: {
    type: 'string',
    default: 'phashvaapi error',
    description: 'tag for scenes that failed permanently',
    parse: parseText,
  },
  errorLog: {
    type: 'string',
    default: 'phashvaapi-errors.log',
    description: 'file that failures are appended to',
    parse: parseText,
  },
  force: {
    type: 'boolean',
    default: false,
    description: 'regenerate even what Stash already has',
    parse: parseBoolean,
  },
  allowPhashMismatch: {
    type: 'boolean',
    default: false,
    description:
      "write phashes even when the start-up parity sample hashes differently from Stash's (another ffmpeg build)",
    parse: parseBoolean,
  },
  dryRun: {
    type: 'boolean',
    default: false,
    description: 'print what would be done, write nothing',
    parse: parseBoolean,
  },
  json: {
    type: 'boolean',
    default: false,
    description: 'machine-readable output (JSON logs and results)',
    parse: parseBoolean,
  },
  once: { type: 'boolean', default: false, description: 'process one batch and exit', parse: parseBoolean },
  idleMinSeconds: {
    type: 'number',
    default: 30,
    description: 'first wait when there is nothing to do',
    parse: parseSeconds,
  },
  idleMaxSeconds: {
    type: 'number',
    default: 600,
    description: 'longest wait when there is nothing to do',
    parse: parseSeconds,
  },
  ffmpegPath: { type: 'string', default: 'ffmpeg', description: 'ffmpeg binary', parse: parseText },
  ffprobePath: { type: 'string', default: 'ffprobe', description: 'ffprobe binary', parse: parseText },
  ffmpegTimeoutSeconds: {
    type: 'number',
    default: 1800,
    description: 'kill one ffmpeg run after this long',
    parse: parseSeconds,
  },
  checkFrames: {
    type: 'string',
    default: 1,
    description:
      'frames per file a fast path served that are checked against Stash’s own command (N, all, 0)',
    parse: parseCheckFrames,
  },
  hwaccel: {
    type: 'enum',
    choices: HW_ACCEL_MODES,
    default: 'auto',
    description: 'GPU use for encoding',
    parse: parseChoice(HW_ACCEL_MODES),
  },
  logLevel: {
    type: 'enum',
    choices: LOG_LEVELS,
    default: 'info',
    description: 'least severe level logged',
    parse: parseChoice(LOG_LEVELS),
  },
  requestTimeoutSeconds: {
    type: 'number',
    default: 30,
    description: 'timeout of one Stash request',
    parse: parseSeconds,
  },
  retries: {
    type: 'number',
    default: 5,
    description: 'retries of a failed Stash request or retryable step',
    parse: parseInteger(0),
  },
  listen: {
    type: 'string',
    default: '127.0.0.1:9971',
    description: 'host:port that `serve` listens on',
    parse: parseListen,
  },
  accessToken: {
    type: 'string',
    default: null,
    secret: true,
    description: 'token `serve` requires (Authorization: Bearer); required beyond loopback',
    parse: parseText,
  },
});

// All options in table order.
export const OPTION_LIST: readonly OptionSpec[] = Object.values(CONFIG_OPTIONS);

// `batchSize` → `batch-size`.
export function toFlagName(key: string): string {
  return key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}

// `batchSize` → `PHASHVAAPI_BATCH_SIZE`.
export function toEnvName(key: string): string {
  return ENV_PREFIX + toFlagName(key).replaceAll('-', '_').toUpperCase();
}

function defineOptions(inputs: { [K in ConfigKey]: OptionInput<K> }): { [K in ConfigKey]: OptionSpec<K> } {
  const entries = Object.entries(inputs).map(([key, input]: [string, OptionInput<ConfigKey>]) => {
    const fallback = input.default;
    const defaultValue = typeof fallback === 'function' ? fallback : () => fallback;
    const spec: OptionSpec = {
      key: key as ConfigKey,
      flag: toFlagName(key),
      env: toEnvName(key),
      yamlKey: key,
      type: input.type,
      choices: input.choices ?? null,
      defaultValue,
      defaultText: input.defaultText ?? formatDefault(defaultValue()),
      description: input.choices ? `${input.description} (${input.choices.join('|')})` : input.description,
      secret: input.secret ?? false,
      parse: input.parse,
    };
    return [key, Object.freeze(spec)] as const;
  });
  return Object.freeze(Object.fromEntries(entries)) as { [K in ConfigKey]: OptionSpec<K> };
}

function formatDefault(value: unknown): string {
  if (value === null) return 'none';
  if (Array.isArray(value)) return value.join(',');
  return String(value);
}
