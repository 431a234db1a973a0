// `phashvaapi serve`: the worker loop plus the HTTP control surface (status page, /api/status,
// trigger/pause/resume, plugin tasks, /metrics, /healthz). Runs until SIGINT/SIGTERM, then
// releases its claims like `run` does.
import type { Argv, CommandModule } from 'yargs';
import { createWorkerId } from '../../../src/claims/worker-identity.js';
import { isLoopbackHost, splitListen } from '../../../src/config/parse-listen.js';
import type { Config } from '../../../src/config/types.js';
import { withConfigOptions, type ConfigFlagArgs } from '../../../src/config/yargs-options.js';
import { ConfigError } from '../../../src/errors.js';
import { redact } from '../../../src/observability/logger.js';
import { WorkerStatus } from '../../../src/observability/worker-status.js';
import { formatAudit } from '../../../src/pipeline/audit-report.js';
import { auditLibrary } from '../../../src/pipeline/audit.js';
import { createErrorLog } from '../../../src/pipeline/error-log.js';
import { selectSteps } from '../../../src/pipeline/steps/registry.js';
import { DEFAULT_VERIFY_SAMPLE, formatVerify, verifyPhashes } from '../../../src/pipeline/verify.js';
import { runWorker } from '../../../src/pipeline/worker.js';
import { createServiceMetrics } from '../../http/metrics.js';
import { startServiceHttp } from '../../http/server.js';
import { createFleetReader } from '../../serve/fleet.js';
import { LoopControl } from '../../serve/loop-control.js';
import { observeSteps } from '../../serve/observe-steps.js';
import { formatServiceStatus } from '../../serve/status-text.js';
import { TaskJobs } from '../../serve/task-jobs.js';
import type { CliDeps } from '../deps.js';
import { EXIT_FAILED, loadCliConfig, reportFatal } from '../load-cli-config.js';
import { gatePhashWrites } from '../phash-gate.js';
import { installShutdown } from '../shutdown.js';
import { setupWorker, type WorkerSetup } from '../worker-setup.js';

interface ServeArgs extends ConfigFlagArgs {
  paused: boolean;
}

// Builds the yargs module for `serve`.
export function createServeCommand(deps: CliDeps): CommandModule<object, ServeArgs> {
  return {
    command: 'serve',
    describe:
      'Run the worker loop with an HTTP status page, control API and /metrics (--listen, --access-token)',
    builder: (yargs: Argv) =>
      withConfigOptions(yargs).option('paused', {
        type: 'boolean',
        default: false,
        describe: 'start paused: batches run only when triggered (plugin, POST /api/batch)',
      }) as unknown as Argv<ServeArgs>,
    handler: async (args) => deps.setExitCode(await serveCommand(args, deps)),
  };
}

// A non-loopback address without a token would let anyone on the network drive the worker.
function checkExposure(config: Config): void {
  const { host } = splitListen(config.listen);
  if (!isLoopbackHost(host) && config.accessToken === null) {
    throw new ConfigError(
      `Expected \`accessToken\` to be set when \`listen\` is not a loopback address, got \`listen\` = \`${config.listen}\` and no token`,
    );
  }
}

async function serveCommand(args: ServeArgs, deps: CliDeps): Promise<number> {
  const { paused, ...configArgs } = args;
  const loaded = await loadCliConfig(configArgs, deps);
  if (typeof loaded === 'number') return loaded;
  const config: Config = { ...loaded.config, once: false };
  const shutdown = installShutdown(deps.stderr);
  try {
    checkExposure(config);
    redact(config.accessToken);
    const signal = deps.signal ? AbortSignal.any([deps.signal, shutdown.signal]) : shutdown.signal;
    const setup = await setupWorker(config, {
      run: deps.run,
      runPipe: deps.runPipe,
      signal,
      isTTY: deps.isTTY,
    });
    try {
      const gate = await gatePhashWrites(setup.ctx, deps.stderr);
      if (gate.ctx.config.steps.length === 0) return EXIT_FAILED;
      return await serveWith(gate.ctx, gate.ctx.config, paused, deps);
    } finally {
      await setup.close();
    }
  } catch (error) {
    return reportFatal(error, deps);
  } finally {
    shutdown.dispose();
  }
}

// The loop and the HTTP server over one Stash connection, until the loop stops.
async function serveWith(
  ctx: WorkerSetup['ctx'],
  config: Config,
  paused: boolean,
  deps: CliDeps,
): Promise<number> {
  const steps = selectSteps(config.steps);
  const status = new WorkerStatus();
  const control = new LoopControl(status, { paused });
  const fleet = createFleetReader(ctx.client, config);
  const jobs = new TaskJobs({
    control,
    status,
    reports: {
      'dry-run': async () => formatAudit(await auditLibrary(ctx, steps)),
      status: async () => formatServiceStatus(status.snapshot(), await fleet().catch(() => null)),
      verify: async (taskArgs, io) => {
        const sample =
          Number(taskArgs.sample) > 0 ? Math.floor(Number(taskArgs.sample)) : DEFAULT_VERIFY_SAMPLE;
        const report = await verifyPhashes(ctx, {
          sample,
          onFile: (f, done, total) => {
            io.log(
              f.distance === 0 ? 'info' : 'warn',
              `scene ${f.sceneId}: ${f.error ?? `distance ${f.distance}`} (${done}/${total})`,
            );
            io.progress(done / total);
          },
        });
        return formatVerify(report);
      },
    },
  });
  const metrics = createServiceMetrics(status, () => control.paused);
  const http = await startServiceHttp({
    listen: config.listen,
    accessToken: config.accessToken,
    status,
    control,
    jobs,
    metrics,
    fleet,
    stashUrl: config.stashUrl,
    logger: ctx.logger,
  }).catch((error: unknown) => {
    metrics.close();
    throw error;
  });
  deps.stdout(
    `phashvaapi serve: listening on ${http.url}${config.accessToken ? ' (access token required)' : ''}\n`,
  );
  const workerId = createWorkerId();
  status.record({ type: 'started', workerId });
  try {
    await runWorker(ctx, {
      steps: observeSteps(steps, status),
      errorLog: createErrorLog(config.errorLog),
      workerId,
      onScene: (scene, done, total) => status.record({ type: 'scene-finished', scene, done, total }),
      onBatch: (report) => control.batchFinished(report),
      beforeBatch: control.beforeBatch,
      idle: control.idle,
    });
    control.stopped(new Error('the service is stopping'));
    return 0;
  } catch (error) {
    control.stopped(error instanceof Error ? error : new Error(String(error)));
    throw error;
  } finally {
    metrics.close();
    await http.close();
  }
}
