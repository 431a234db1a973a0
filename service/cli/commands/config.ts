// `phashvaapi config [--json]`: the effective configuration and where each value came from
// (flag, env, file or default), secrets redacted. Exit code 2 on a bad value or file.
import { homedir } from 'node:os';
import type { Argv, CommandModule } from 'yargs';
import { describeConfig, formatConfigTable } from '../../../src/config/describe.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { redactConfig } from '../../../src/config/redact.js';
import { withConfigOptions, type ConfigFlagArgs } from '../../../src/config/yargs-options.js';
import { ConfigError } from '../../../src/errors.js';
import type { CliDeps } from '../deps.js';

const EXIT_CONFIG_ERROR = 2;

// Builds the yargs module for `config`, with its I/O and environment injected.
export function createConfigCommand(deps: CliDeps): CommandModule<object, ConfigFlagArgs> {
  return {
    command: 'config',
    describe: 'Print the effective configuration and where each value came from (secrets redacted)',
    builder: (yargs: Argv) => withConfigOptions(yargs),
    handler: async (args) => {
      try {
        const { config, sources, file } = await loadConfig({
          argv: args,
          env: deps.env,
          cwd: process.cwd(),
          homeDir: deps.env.HOME || homedir(),
        });
        if (config.json) {
          deps.stdout(`${JSON.stringify({ file, config: redactConfig(config), sources }, null, 2)}\n`);
        } else {
          const table = formatConfigTable(describeConfig(config, sources));
          deps.stdout(`config file: ${file ?? '(none)'}\n\n${table}\n`);
        }
      } catch (error) {
        if (!(error instanceof ConfigError)) throw error;
        deps.stderr(`phashvaapi: ${error.message}\n`);
        deps.setExitCode(EXIT_CONFIG_ERROR);
      }
    },
  };
}
