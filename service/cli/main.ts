// The yargs root: registers one module per command. Returns the exit code
// (0 ok, 1 a command failed, 2 usage error).
import yargs from 'yargs';
import type { CommandModule } from 'yargs';
import type { CliDeps } from './deps.js';

export const EXIT_USAGE = 2;

type CommandFactory = (deps: CliDeps) => CommandModule<object, never>;

// Each command's module is loaded only when that command runs (or for the full --help): `hash`
// then starts without loading the GraphQL client, the HTTP server or the logger.
const COMMANDS: Record<string, () => Promise<CommandFactory>> = {
  hash: async () => (await import('./commands/hash.js')).createHashCommand as CommandFactory,
  run: async () => (await import('./commands/run.js')).createRunCommand as CommandFactory,
  serve: async () => (await import('./commands/serve.js')).createServeCommand as CommandFactory,
  verify: async () => (await import('./commands/verify.js')).createVerifyCommand as CommandFactory,
  check: async () => (await import('./commands/check.js')).createCheckCommand as CommandFactory,
  'clear-errors': async () =>
    (await import('./commands/clear-errors.js')).createClearErrorsCommand as CommandFactory,
  config: async () => (await import('./commands/config.js')).createConfigCommand as CommandFactory,
  bench: async () => (await import('./commands/bench.js')).createBenchCommand as CommandFactory,
  probe: async () => (await import('./commands/probe.js')).createProbeCommand as CommandFactory,
};

// Parses argv (without node and script) and runs the chosen command.
export async function main(argv: string[], deps: CliDeps): Promise<number> {
  let exitCode = 0;
  let usageError = false;
  const commandDeps: CliDeps = { ...deps, setExitCode: (code) => (exitCode = code) };
  const named = argv[0] !== undefined && Object.hasOwn(COMMANDS, argv[0]) ? [argv[0]] : Object.keys(COMMANDS);
  const factories = await Promise.all(named.map((name) => COMMANDS[name]!()));
  const cli = yargs(argv).scriptName('phashvaapi');
  for (const factory of factories) cli.command(factory(commandDeps));
  cli
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
