// `phashvaapi verify [--sample N]`: re-hash a random sample of files that already have a phash in
// Stash and report exact matches and the distance of the others. Read-only. Exit 0 when every
// sampled file matches, 1 when one differs or could not be hashed.
import type { Argv, CommandModule } from 'yargs';
import { withConfigOptions, type ConfigFlagArgs } from '../../../src/config/yargs-options.js';
import { DEFAULT_VERIFY_SAMPLE, formatVerify, verifyPhashes } from '../../../src/pipeline/verify.js';
import type { CliDeps } from '../deps.js';
import { loadCliConfig, reportFatal } from '../load-cli-config.js';
import { installShutdown } from '../shutdown.js';
import { setupWorker } from '../worker-setup.js';

interface VerifyArgs extends ConfigFlagArgs {
  sample: number;
  seed?: number;
}

// Builds the yargs module for `verify`.
export function createVerifyCommand(deps: CliDeps): CommandModule<object, VerifyArgs> {
  return {
    command: 'verify',
    describe: 'Re-hash a random sample of scenes that have a phash in Stash and compare (read-only)',
    builder: (yargs: Argv) =>
      withConfigOptions(yargs)
        .option('sample', {
          type: 'number',
          default: DEFAULT_VERIFY_SAMPLE,
          describe: 'files to re-hash',
        })
        .option('seed', { type: 'number', describe: "seed of Stash's random order (repeatable samples)" })
        .check((argv) => {
          const n = Number(argv.sample);
          if (!Number.isInteger(n) || n < 1)
            throw new Error(`Expected --sample to be a positive integer, got ${String(argv.sample)}`);
          return true;
        }) as unknown as Argv<VerifyArgs>,
    handler: async (args) => deps.setExitCode(await verifyCommand(args, deps)),
  };
}

async function verifyCommand(args: VerifyArgs, deps: CliDeps): Promise<number> {
  const { sample, seed, ...configArgs } = args;
  const loaded = await loadCliConfig(configArgs, deps);
  if (typeof loaded === 'number') return loaded;
  const { config } = loaded;
  const shutdown = installShutdown(deps.stderr);
  try {
    const signal = deps.signal ? AbortSignal.any([deps.signal, shutdown.signal]) : shutdown.signal;
    const setup = await setupWorker(config, {
      run: deps.run,
      runPipe: deps.runPipe,
      signal,
      isTTY: deps.isTTY,
    });
    try {
      const report = await verifyPhashes(setup.ctx, {
        sample,
        ...(seed === undefined ? {} : { seed }),
        onFile: (f, done, total) =>
          setup.ctx.logger.info(`verified ${done}/${total}`, { sceneId: f.sceneId, distance: f.distance }),
      });
      deps.stdout(config.json ? `${JSON.stringify(report, null, 2)}\n` : `${formatVerify(report)}\n`);
      return report.mismatched === 0 && report.failed === 0 ? 0 : 1;
    } finally {
      await setup.close();
    }
  } catch (error) {
    return reportFatal(error, deps);
  } finally {
    shutdown.dispose();
  }
}
