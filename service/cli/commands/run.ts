// `phashvaapi run`: the worker loop (until stopped), `--once` (one batch; exit 1 if a scene
// failed) or `--dry-run` (an audit that writes nothing at all).
import type { Argv, CommandModule } from 'yargs';
import { withConfigOptions, type ConfigFlagArgs } from '../../../src/config/yargs-options.js';
import { createProgressBar } from '../../../src/observability/progress.js';
import { formatRunSummary } from '../../../src/observability/run-stats.js';
import { formatAudit } from '../../../src/pipeline/audit-report.js';
import { auditLibrary } from '../../../src/pipeline/audit.js';
import { formatPhashParity, measurePhashParity, phashRefusal } from '../../../src/pipeline/phash-parity.js';
import type { BatchReport } from '../../../src/pipeline/batch.js';
import { createErrorLog } from '../../../src/pipeline/error-log.js';
import { selectSteps } from '../../../src/pipeline/steps/registry.js';
import { runWorker } from '../../../src/pipeline/worker.js';
import type { CliDeps } from '../deps.js';
import { EXIT_FAILED, loadCliConfig, reportFatal } from '../load-cli-config.js';
import { gatePhashWrites } from '../phash-gate.js';
import { installShutdown } from '../shutdown.js';
import { setupWorker } from '../worker-setup.js';

// Builds the yargs module for `run`.
export function createRunCommand(deps: CliDeps): CommandModule<object, ConfigFlagArgs> {
  return {
    command: 'run',
    describe:
      'Find scenes that need work, claim them and generate (loop; --once for one batch; --dry-run to audit)',
    builder: (yargs: Argv) => withConfigOptions(yargs),
    handler: async (args) => deps.setExitCode(await runCommand(args, deps)),
  };
}

async function runCommand(args: ConfigFlagArgs, deps: CliDeps): Promise<number> {
  const loaded = await loadCliConfig(args, deps);
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
      if (config.dryRun) {
        const report = await auditLibrary(setup.ctx, selectSteps(config.steps));
        // What the start of a real run would find; measuring it only reads.
        const parity = config.steps.includes('phash') ? await measurePhashParity(setup.ctx) : null;
        const refusal = parity && phashRefusal(parity, config.allowPhashMismatch);
        deps.stdout(
          config.json
            ? `${JSON.stringify({ ...report, phashParity: parity, phashRefusal: refusal }, null, 2)}\n`
            : `${[formatAudit(report), parity && formatPhashParity(parity), refusal && `In a real run: ${refusal}`].filter(Boolean).join('\n\n')}\n`,
        );
        return 0;
      }
      const gate = await gatePhashWrites(setup.ctx, deps.stderr);
      if (gate.ctx.config.steps.length === 0) return EXIT_FAILED;
      const progress = createProgressBar({ stream: process.stderr, total: 0, label: 'scenes' });
      const result = await runWorker(gate.ctx, {
        steps: selectSteps(gate.ctx.config.steps),
        errorLog: createErrorLog(config.errorLog),
        onScene: (outcome, done, total) => {
          progress.update(done, total);
          if (!config.json) deps.stdout(formatSceneLine(outcome));
        },
        onBatch: (report) => {
          progress.stop();
          if (!config.json) deps.stdout(`${formatBatchLine(report)}\n`);
        },
      });
      const summary = result.stats.summarize(Date.now());
      const failed = result.batches.reduce(
        (n, b) => n + b.outcomes.filter((o) => o.failure && o.failure.kind !== 'cancelled').length,
        0,
      );
      if (config.json) {
        deps.stdout(
          `${JSON.stringify({ worker: result.workerId, summary, batches: result.batches.map(batchJson) })}\n`,
        );
      } else {
        deps.stdout(`\n${formatRunSummary(summary)}\n`);
      }
      return config.once && failed > 0 ? 1 : 0;
    } finally {
      await setup.close();
    }
  } catch (error) {
    return reportFatal(error, deps);
  } finally {
    shutdown.dispose();
  }
}

function formatSceneLine(o: import('../../../src/pipeline/scene-job.js').SceneOutcome): string {
  const steps = o.steps
    .filter((s) => s.outcome !== 'skipped')
    .map(
      (s) =>
        `${s.step} ${s.outcome === 'done' ? s.detail : `FAILED: ${s.detail}`} (${(s.ms / 1000).toFixed(1)} s)`,
    )
    .join('; ');
  return `scene ${o.sceneId}: ${o.status}${steps ? ` - ${steps}` : ''}\n`;
}

function formatBatchLine(r: BatchReport): string {
  const count = (s: string) => r.outcomes.filter((o) => o.status === s).length;
  const found =
    r.mode === 'filter'
      ? `${r.remaining} scenes needed work at the start`
      : r.scan
        ? `scanned ${r.scan.scenes} scenes (${r.scan.pages} page request(s), ${r.scan.fileChecks} file checks)` +
          (r.moreToScan ? '' : '; end of the scan cycle')
        : '';
  return (
    `batch: ${r.claimed} claimed of ${r.candidates} candidates (${r.conflicts} taken by other workers), ` +
    `${count('done')} done, ${count('failed')} failed, ${count('skipped')} skipped in ${(r.ms / 1000).toFixed(1)} s` +
    (r.untagged > 0 ? `, error tag removed from ${r.untagged}` : '') +
    (found ? `; ${found}` : '')
  );
}

function batchJson(r: BatchReport) {
  return {
    ...r,
    outcomes: r.outcomes.map((o) => ({
      ...o,
      failure: o.failure && { kind: o.failure.kind, step: o.failure.step, message: o.failure.error.message },
    })),
  };
}
