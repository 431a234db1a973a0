// Finds and reads the YAML (or JSON) config file. Search order: --config PATH, then
// $PHASHVAAPI_CONFIG, then ./phashvaapi.yml, then ~/.config/phashvaapi/config.yml (honouring
// $XDG_CONFIG_HOME). `${ENV}` references are interpolated before parsing; syntax errors and
// unknown keys are ConfigErrors naming the file and line.
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { isMap, isScalar, LineCounter, parseDocument } from 'yaml';
import { ConfigError } from '../errors.js';
import { interpolateEnv } from './interpolate-env.js';
import { ENV_PREFIX, OPTION_LIST } from './options.js';
import { suggestName } from './suggest.js';

export const CONFIG_ENV_VAR = `${ENV_PREFIX}CONFIG`;

export interface ConfigFile {
  readonly path: string;
  /** Values by YAML key; keys set to null or left empty are omitted. */
  readonly values: Readonly<Record<string, unknown>>;
  /** 1-based line of each key, for error messages. */
  readonly lines: Readonly<Record<string, number>>;
}

export interface FindConfigFileOptions {
  /** The --config flag, or null. */
  configFlag: string | null;
  env: NodeJS.ProcessEnv;
  cwd: string;
  homeDir: string;
}

const YAML_KEYS = OPTION_LIST.map((option) => option.yamlKey);

// The config file to read, or null when none was named and none exists in the default places.
export function findConfigFile({ configFlag, env, cwd, homeDir }: FindConfigFileOptions): string | null {
  const envPath = env[CONFIG_ENV_VAR];
  if (configFlag || envPath) {
    const path = resolve(cwd, configFlag || envPath || '');
    const from = configFlag ? '--config' : CONFIG_ENV_VAR;
    if (!existsSync(path)) throw new ConfigError(`Config file ${path} (from ${from}) does not exist`);
    return path;
  }
  const configHome = env.XDG_CONFIG_HOME || join(homeDir, '.config');
  const candidates = [join(cwd, 'phashvaapi.yml'), join(configHome, 'phashvaapi', 'config.yml')];
  return candidates.find((path) => existsSync(path)) ?? null;
}

// Finds and parses the config file; null when there is none.
export async function loadConfigFile(options: FindConfigFileOptions): Promise<ConfigFile | null> {
  const path = findConfigFile(options);
  if (path === null) return null;
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new ConfigError(`Cannot read config file ${path}: ${(error as Error).message}`, { cause: error });
  }
  return parseConfigText(text, path, options.env);
}

// Interpolates and parses config text; `path` is only used in messages.
export function parseConfigText(text: string, path: string, env: NodeJS.ProcessEnv): ConfigFile {
  const lineCounter = new LineCounter();
  const interpolated = interpolateEnv(text, env, path);
  const doc = parseDocument(interpolated.text, { lineCounter, prettyErrors: true });
  const [syntaxError] = doc.errors;
  if (syntaxError) {
    // The message quotes the offending line, which may hold an interpolated secret.
    const message = hideValues(syntaxError.message.trimEnd(), interpolated.inserted);
    throw new ConfigError(`Cannot parse config file ${path}: ${message}`);
  }
  if (doc.contents === null) return { path, values: {}, lines: {} };
  if (!isMap(doc.contents)) {
    throw new ConfigError(
      `Config file ${path} must be a mapping of option: value (for example \`batchSize: 20\`)`,
    );
  }
  const plain = doc.toJS() as Record<string, unknown>;
  const values: Record<string, unknown> = {};
  const lines: Record<string, number> = {};
  const problems: string[] = [];
  for (const pair of doc.contents.items) {
    const key = isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
    const line = isScalar(pair.key) && pair.key.range ? lineCounter.linePos(pair.key.range[0]).line : 0;
    if (!YAML_KEYS.includes(key)) {
      const suggestion = suggestName(key, YAML_KEYS);
      problems.push(
        `line ${line}: unknown option \`${key}\`${suggestion ? `; did you mean \`${suggestion}\`?` : ''}`,
      );
      continue;
    }
    lines[key] = line;
    const value = plain[key];
    if (value !== null && value !== undefined) values[key] = value;
  }
  if (problems.length > 0) throw new ConfigError(`Config file ${path}:\n  ${problems.join('\n  ')}`);
  return { path, values, lines };
}

function hideValues(text: string, values: readonly string[]): string {
  return values
    .filter((value) => value.length > 0)
    .reduce((out, value) => out.split(value).join('***'), text);
}
