// The yargs root: registers one module per command. Returns the exit code
// (0 ok, 1 a command failed, 2 usage error).
import yargs from 'yargs';
import { createCheckCommand } from './commands/check.js';
import { createClearErrorsCommand } from './commands/clear-errors.js';
import { createConfigCommand } from './commands/config.js';
import { createHashCommand } from './commands/hash.js';
import { createRunCommand } from './commands/run.js';
import { createServeCommand } from './commands/serve.js';
import { createVerifyCommand } from './commands/verify.js';
import type { CliDeps } from './deps.js';

export const EXIT_USAGE = 2;

// Parses argv (without node and script) and runs the chosen command.
export async function main(argv: string[], deps: CliDeps): Promise<number> {
  let exitCode = 0;
  let usageError = false;
  const commandDeps: CliDeps = { ...deps, setExitCode: (code) => (exitCode = code) };
  const cli = yargs(argv)
    .scriptName('phashvaapi')
    .command(createHashCommand(commandDeps))
    .command(createRunCommand(commandDeps))
    .command(createServeCommand(commandDeps))
    .command(createVerifyCommand(commandDeps))
    .command(createCheckCommand(commandDeps))
    .command(createClearErrorsCommand(commandDeps))
    .command(createConfigCommand(commandDeps))
    .demandCommand(1, 'Name a command.')
    .strict()
    .help()
    .version(false)
    .exitProcess(false)
    .fail((message, error) => {
      usageError = true;
      deps.stderr(
        `phashvaapi: ${message ?? error?.message ?? 'usage error'}\nRun 'phashvaapi --help' for usage.\n`,
      );
    })
    .wrap(Math.min(110, process.stdout.columns || 100));
  try {
    await cli.parseAsync();
  } catch (error) {
    if (!usageError) throw error;
  }
  return usageError ? EXIT_USAGE : exitCode;
}
