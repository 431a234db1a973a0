// Shared by the Stash-facing commands: load the config (exit 2 on a bad one) and turn a fatal
// error into one clear line and exit code 1 (never a stack trace for expected failures).
import { homedir } from 'node:os';
import { loadConfig, type LoadedConfig } from '../../src/config/load-config.js';
import { ConfigError, PhashVaapiError } from '../../src/errors.js';
import type { CliDeps } from './deps.js';

export const EXIT_FAILED = 1;
export const EXIT_CONFIG = 2;

// The resolved config, or the exit code after printing why it could not be loaded.
export async function loadCliConfig(
  args: Record<string, unknown>,
  deps: CliDeps,
): Promise<LoadedConfig | number> {
  try {
    return await loadConfig({
      argv: args,
      env: deps.env,
      cwd: process.cwd(),
      homeDir: deps.env.HOME || homedir(),
    });
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    deps.stderr(`phashvaapi: ${error.message}\n`);
    return EXIT_CONFIG;
  }
}

// Prints a fatal error and returns the exit code for it.
export function reportFatal(error: unknown, deps: CliDeps): number {
  if (error instanceof ConfigError) {
    deps.stderr(`phashvaapi: ${error.message}\n`);
    return EXIT_CONFIG;
  }
  if (error instanceof PhashVaapiError) {
    deps.stderr(`phashvaapi: ${error.message}\n`);
    return EXIT_FAILED;
  }
  throw error;
}
