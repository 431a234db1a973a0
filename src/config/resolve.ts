// Resolves the configuration once: for each option, the first layer that sets it wins
// (flags > PHASHVAAPI_* env > config file > default), its value is parsed and validated, and the
// layer is recorded so `phashvaapi config` can say where every value came from. An empty
// environment variable counts as unset.
import { ConfigError } from '../errors.js';
import type { ConfigFile } from './load-file.js';
import { OPTION_LIST, type OptionSpec } from './options.js';
import { InvalidValueError } from './parse-value.js';
import type { Config, ConfigKey, ConfigSource, ResolvedConfig } from './types.js';

export interface ResolveConfigInput {
  /** Parsed flags, only those given (yargs without defaults); camelCase or kebab-case keys. */
  readonly argv: Readonly<Record<string, unknown>>;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly file: ConfigFile | null;
}

interface Layer {
  readonly raw: unknown;
  readonly source: ConfigSource;
  /** How messages name the layer: `flag --batch-size`, `env PHASHVAAPI_BATCH_SIZE`, `file x.yml, line 3`. */
  readonly label: string;
}

// Builds the frozen Config and the source of each value; throws ConfigError on a bad value.
export function resolveConfig({ argv, env, file }: ResolveConfigInput): ResolvedConfig {
  const config: Record<string, unknown> = {};
  const sources: Record<string, ConfigSource> = {};
  const labels: Record<string, string> = {};
  for (const option of OPTION_LIST) {
    const layer = pickLayer(option, argv, env, file);
    config[option.key] = Object.freeze(layer ? parseLayer(option, layer) : option.defaultValue());
    sources[option.key] = layer?.source ?? 'default';
    labels[option.key] = layer?.label ?? 'default';
  }
  const resolved = config as unknown as Config;
  if (resolved.idleMaxSeconds < resolved.idleMinSeconds) {
    throw new ConfigError(
      `Expected \`idleMaxSeconds\` (${labels.idleMaxSeconds}) to be at least \`idleMinSeconds\` ` +
        `(${labels.idleMinSeconds}), got \`${resolved.idleMaxSeconds}\` < \`${resolved.idleMinSeconds}\``,
    );
  }
  return Object.freeze({
    config: Object.freeze(resolved),
    sources: Object.freeze(sources as Record<ConfigKey, ConfigSource>),
  });
}

function pickLayer(
  option: OptionSpec,
  argv: ResolveConfigInput['argv'],
  env: ResolveConfigInput['env'],
  file: ConfigFile | null,
): Layer | null {
  const flagValue = argv[option.key] ?? argv[option.flag];
  if (flagValue !== undefined) {
    return {
      raw: fromFlag(option, flagValue),
      source: `flag:--${option.flag}`,
      label: `flag --${option.flag}`,
    };
  }
  const envValue = env[option.env];
  if (envValue !== undefined && envValue !== '') {
    return { raw: envValue, source: `env:${option.env}`, label: `env ${option.env}` };
  }
  if (file && option.yamlKey in file.values) {
    const line = file.lines[option.yamlKey];
    return {
      raw: file.values[option.yamlKey],
      source: `file:${file.path}`,
      label: `file ${file.path}${line ? `, line ${line}` : ''}`,
    };
  }
  return null;
}

// A repeated flag arrives as an array: lists keep every occurrence, single values the last.
function fromFlag(option: OptionSpec, value: unknown): unknown {
  const isList = option.type === 'string[]' || option.type === 'enum[]';
  if (isList) return [value].flat();
  return Array.isArray(value) ? value.at(-1) : value;
}

function parseLayer(option: OptionSpec, layer: Layer): unknown {
  try {
    return option.parse(layer.raw);
  } catch (error) {
    if (!(error instanceof InvalidValueError)) throw error;
    // A detail ("`/data` has no `=`") says more than the whole value; secrets are never echoed.
    const got = option.secret
      ? `got \`***\`${typeSuffix(error.got)}`
      : error.detail
        ? `but ${error.detail}`
        : `got ${formatGot(error.got)}`;
    throw new ConfigError(`Expected \`${option.key}\` (${layer.label}) to be ${error.expected}, ${got}`, {
      cause: error,
    });
  }
}

// execa's wording: strings as typed, anything else with its type: `0` (number).
function formatGot(value: unknown): string {
  if (typeof value === 'string') return `\`${value}\``;
  return `\`${JSON.stringify(value) ?? String(value)}\`${typeSuffix(value)}`;
}

function typeSuffix(value: unknown): string {
  if (typeof value === 'string') return '';
  if (value === null) return ' (null)';
  return ` (${Array.isArray(value) ? 'list' : typeof value === 'object' ? 'mapping' : typeof value})`;
}
