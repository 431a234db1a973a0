// `phashvaapi clear-errors [--dry-run]`: remove our error tag from the scenes carrying it (within
// --path-filter / --scene-ids when given) and report how many; --dry-run only counts.
import type { Argv, CommandModule } from 'yargs';
import { withConfigOptions, type ConfigFlagArgs } from '../../../src/config/yargs-options.js';
import { scopeOf } from '../../../src/discovery/work-scope.js';
import { clearErrors, formatClearErrors } from '../../../src/pipeline/clear-errors.js';
import type { CliDeps } from '../deps.js';
import { loadCliConfig, reportFatal } from '../load-cli-config.js';
import { createClient, createLogger } from '../worker-setup.js';

// Builds the yargs module for `clear-errors`.
export function createClearErrorsCommand(deps: CliDeps): CommandModule<object, ConfigFlagArgs> {
  return {
    command: 'clear-errors',
    describe: 'Remove the error tag from every scene carrying it, so runs retry them (--dry-run: only count)',
    builder: (yargs: Argv) => withConfigOptions(yargs),
    handler: async (args) => deps.setExitCode(await clearErrorsCommand(args, deps)),
  };
}

async function clearErrorsCommand(args: ConfigFlagArgs, deps: CliDeps): Promise<number> {
  const loaded = await loadCliConfig(args, deps);
  if (typeof loaded === 'number') return loaded;
  const { config } = loaded;
  const client = createClient(config, createLogger(config, deps.isTTY));
  try {
    const report = await clearErrors(client, {
      errorTag: config.errorTag,
      scope: scopeOf(config),
      dryRun: config.dryRun,
    });
    deps.stdout(config.json ? `${JSON.stringify(report)}\n` : `${formatClearErrors(report)}\n`);
    return 0;
  } catch (error) {
    return reportFatal(error, deps);
  } finally {
    await client.close();
  }
}
