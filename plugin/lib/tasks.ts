// The plugin's tasks run inside Stash's container ("direct mode"): connect back to Stash with the
// plugin's session cookie, apply the plugin settings, and run one batch, the dry-run audit, the
// library status or the compatibility audit, logging and reporting progress in Stash's protocol.
import { homedir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/load-config.js';
import type { Config } from '../../src/config/types.js';
import { PhashVaapiError } from '../../src/errors.js';
import type { PipeRunner, ProcessRunner } from '../../src/media/run-process.js';
import type { Logger } from '../../src/observability/logger.js';
import { formatBatchSummary } from '../../src/observability/worker-status.js';
import { formatAudit, type AuditReport } from '../../src/pipeline/audit-report.js';
import { auditLibrary } from '../../src/pipeline/audit.js';
import { createErrorLog } from '../../src/pipeline/error-log.js';
import type { SceneOutcome } from '../../src/pipeline/scene-job.js';
import { selectSteps } from '../../src/pipeline/steps/registry.js';
import { DEFAULT_VERIFY_SAMPLE, formatVerify, verifyPhashes } from '../../src/pipeline/verify.js';
import { runWorker } from '../../src/pipeline/worker.js';
import { getStashFfmpegPaths, type StashFfmpegPaths } from '../../src/stash/stash-ffmpeg.js';
import { createClient, setupWorker } from '../../service/cli/worker-setup.js';
import { pluginModeOf, stashUrlOf, type PluginInput } from './protocol.js';
import { readPluginSettings, settingsAsFlags, type PluginSettings } from './settings.js';
import { createStashLogger, progressLine } from './stash-log.js';

export interface PluginTaskDeps {
  run: ProcessRunner;
  runPipe?: PipeRunner | undefined;
  env: NodeJS.ProcessEnv;
  /** Stash's log channel (stderr). */
  writeLog: (text: string) => void;
}

export interface PluginResult {
  output: string | null;
  error: string | null;
}

const HOOK_TIMEOUT_MS = 2000;

async function resolveTaskConfig(
  input: PluginInput,
  deps: PluginTaskDeps,
  flags: Record<string, unknown>,
  stashFfmpeg: StashFfmpegPaths | null = null,
): Promise<Config> {
  const c = input.server_connection;
  const argv = { stashUrl: stashUrlOf(c), sessionCookie: c.SessionCookie?.Value, once: true, ...flags };
  // Config files are looked up from Stash's config folder, never the working directory: Stash's
  // may be anything, and the plugin folder's phashvaapi.yml is the manifest, not a config.
  const homeDir = deps.env.HOME || homedir();
  const loaded = await loadConfig({ argv, env: deps.env, cwd: c.Dir || homeDir, homeDir });
  // A relative error log would land in Stash's working directory; keep it beside Stash's config.
  const errorLog =
    loaded.sources.errorLog === 'default' && c.Dir
      ? join(c.Dir, loaded.config.errorLog)
      : loaded.config.errorLog;
  // Hash with the very ffmpeg Stash runs (the phash depends on the build), unless the operator
  // chose one: direct mode runs on Stash's machine, where Stash's paths are valid.
  const stashs = (key: 'ffmpegPath' | 'ffprobePath') =>
    (loaded.sources[key] === 'default' && stashFfmpeg?.[key]) || loaded.config[key];
  return { ...loaded.config, errorLog, ffmpegPath: stashs('ffmpegPath'), ffprobePath: stashs('ffprobePath') };
}

// Runs the task Stash asked for; never throws (failures are in `error`).
export async function runPluginTask(input: PluginInput, deps: PluginTaskDeps): Promise<PluginResult> {
  let log = createStashLogger(deps.writeLog);
  try {
    const mode = pluginModeOf(input.args);
    const base = await resolveTaskConfig(input, deps, {});
    const settingsClient = createClient(base, log);
    const [settings, stashFfmpeg] = await Promise.all([
      readPluginSettings(settingsClient),
      mode === 'hook' ? null : getStashFfmpegPaths(settingsClient),
    ]).finally(() => settingsClient.close());
    if (mode === 'hook') return await hook(input, settings, log);
    const config = await resolveTaskConfig(input, deps, settingsAsFlags(settings), stashFfmpeg);
    log = createStashLogger(deps.writeLog, config.logLevel);
    log.info(`ffmpeg: ${config.ffmpegPath}`);
    const setup = await setupWorker(config, {
      run: deps.run,
      runPipe: deps.runPipe,
      signal: new AbortController().signal,
      isTTY: false,
      logger: log,
    });
    try {
      const steps = selectSteps(config.steps);
      switch (mode) {
        case 'run':
          return { output: await runOneBatch(setup.ctx, steps, deps), error: null };
        // The audit and the status are one step each; their progress still shows in Stash's task
        // list, so every task reports it.
        case 'dry-run': {
          const output = formatAudit(await auditLibrary(setup.ctx, steps));
          deps.writeLog(progressLine(1));
          return { output, error: null };
        }
        case 'status': {
          const output = formatLibraryStatus((await auditLibrary(setup.ctx, [])).library);
          deps.writeLog(progressLine(1));
          return { output, error: null };
        }
        case 'verify': {
          const sample =
            Number(input.args.sample) > 0
              ? Math.floor(Number(input.args.sample))
              : (settings.verifySample ?? DEFAULT_VERIFY_SAMPLE);
          const report = await verifyPhashes(setup.ctx, {
            sample,
            onFile: (f, done, total) => {
              log[f.distance === 0 ? 'info' : 'warn'](
                `scene ${f.sceneId}: ${f.error ?? `Stash ${f.stored}, here ${f.computed}, distance ${f.distance}`} (${done}/${total})`,
              );
              deps.writeLog(progressLine(done / total));
            },
          });
          return { output: formatVerify(report), error: null };
        }
      }
    } finally {
      await setup.close();
    }
  } catch (error) {
    const message =
      error instanceof PhashVaapiError || error instanceof TypeError
        ? error.message
        : String(error instanceof Error ? error.stack : error);
    log.error(message);
    return { output: null, error: message };
  }
}

async function runOneBatch(
  ctx: Parameters<typeof runWorker>[0],
  steps: ReturnType<typeof selectSteps>,
  deps: PluginTaskDeps,
): Promise<string> {
  let shown = 0;
  const progress = (p: number) => {
    if (p > shown) deps.writeLog(progressLine((shown = p)));
  };
  deps.writeLog(progressLine(0));
  const result = await runWorker(ctx, {
    steps,
    errorLog: createErrorLog(ctx.config.errorLog),
    onScene: (outcome: SceneOutcome, done, total) => {
      const what = outcome.failure
        ? `failed at ${outcome.failure.step}: ${outcome.failure.error.message.split('\n')[0]}`
        : outcome.status;
      ctx.logger[outcome.failure ? 'warn' : 'info'](
        `scene ${outcome.sceneId}${outcome.title ? ` "${outcome.title}"` : ''}: ${what} (${done}/${total})`,
      );
      progress(done / Math.max(1, total));
    },
  });
  progress(1);
  const b = result.batches[0];
  if (!b) return 'no batch ran';
  const count = (status: SceneOutcome['status']) => b.outcomes.filter((o) => o.status === status).length;
  return formatBatchSummary(b, { done: count('done'), failed: count('failed'), skipped: count('skipped') });
}

// Scene.Create.Post: a quick request to the service, never a batch here (Stash waits for hooks).
async function hook(input: PluginInput, settings: PluginSettings, log: Logger): Promise<PluginResult> {
  const context = input.args.hookContext as { id?: unknown } | undefined;
  const scene = String(context?.id ?? '?');
  if (!settings.hashNewScenes) return { output: 'hash new scenes is off', error: null };
  if (!settings.serviceUrl) {
    log.info(`new scene ${scene}: no Service URL set; the next batch will hash it`);
    return { output: 'no service', error: null };
  }
  try {
    const res = await fetch(`${settings.serviceUrl}/api/tasks`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        ...(settings.accessToken ? { Authorization: `Bearer ${settings.accessToken}` } : {}),
      },
      body: JSON.stringify({ mode: 'hook', args: { sceneId: scene } }),
      signal: AbortSignal.timeout(HOOK_TIMEOUT_MS),
    });
    const body = (await res.json().catch(() => ({}))) as { output?: string; error?: string };
    if (!res.ok) throw new Error(`HTTP ${res.status}${body.error ? `: ${body.error}` : ''}`);
    log.info(`new scene ${scene}: ${body.output ?? 'batch requested'}`);
    return { output: body.output ?? 'batch requested', error: null };
  } catch (error) {
    log.warn(
      `new scene ${scene}: the service at ${settings.serviceUrl} did not answer: ${error instanceof Error ? error.message : String(error)}`,
    );
    return { output: 'service unavailable', error: null };
  }
}

// The "Service status" task without a service: what Stash shows about the work and the workers.
function formatLibraryStatus(l: AuditReport['library']): string {
  return [
    'No Service URL set: the library as Stash sees it.',
    `  scenes missing a phash   ${l.missingPhash}`,
    `  error-tagged scenes      ${l.errorTagged}`,
    `  live workers             ${l.liveWorkers}, holding ${l.claimedByLiveWorkers} scenes`,
    `  available to a batch     ${l.available}`,
  ].join('\n');
}
