// Everything a command needs to get its configuration: find and read the file named by
// --config / $PHASHVAAPI_CONFIG (or found in the default places), then resolve all layers.
import { loadConfigFile } from './load-file.js';
import { resolveConfig } from './resolve.js';
import type { ResolvedConfig } from './types.js';

export interface LoadConfigOptions {
  /** Parsed flags, only those given; `config` is the --config flag. */
  readonly argv: Readonly<Record<string, unknown>>;
  readonly env: NodeJS.ProcessEnv;
  readonly cwd: string;
  readonly homeDir: string;
}

export interface LoadedConfig extends ResolvedConfig {
  /** The config file that was read, or null. */
  readonly file: string | null;
}

// Loads the config file (if any) and resolves flags > env > file > defaults.
export async function loadConfig({ argv, env, cwd, homeDir }: LoadConfigOptions): Promise<LoadedConfig> {
  // A repeated --config arrives as an array; the last one wins, as for every other flag.
  const given: unknown = Array.isArray(argv.config) ? argv.config.at(-1) : argv.config;
  const configFlag = typeof given === 'string' ? given : null;
  const file = await loadConfigFile({ configFlag, env, cwd, homeDir });
  return { ...resolveConfig({ argv, env, file }), file: file?.path ?? null };
}
