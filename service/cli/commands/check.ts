// `phashvaapi check`: Stash reachable, authenticated, recent enough; tags; path mappings; ffmpeg;
// the generated folder when a step needs it; phash parity with Stash's ffmpeg (a re-hashed sample).
// Exit 1 when anything fails. Writes nothing.
import type { Argv, CommandModule } from 'yargs';
import { withConfigOptions, type ConfigFlagArgs } from '../../../src/config/yargs-options.js';
import type { Config } from '../../../src/config/types.js';
import {
  formatPhashParity,
  measurePhashParity,
  type PhashParityReport,
} from '../../../src/pipeline/phash-parity.js';
import { formatPreflight, runPreflight, type CheckResult } from '../../../src/pipeline/preflight.js';
import { toLocalPath } from '../../../src/pipeline/path-map.js';
import { getConfiguration } from '../../../src/stash/api.js';
import type { CliDeps } from '../deps.js';
import { loadCliConfig } from '../load-cli-config.js';
import { createClient, createLogger, setupWorker } from '../worker-setup.js';

// Builds the yargs module for `check`.
export function createCheckCommand(deps: CliDeps): CommandModule<object, ConfigFlagArgs> {
  return {
    command: 'check',
    describe: 'Check Stash (reachable, auth, version), tags, path mappings, ffmpeg and the generated folder',
    builder: (yargs: Argv) => withConfigOptions(yargs),
    handler: async (args) => {
      const loaded = await loadCliConfig(args, deps);
      if (typeof loaded === 'number') return deps.setExitCode(loaded);
      const { config } = loaded;
      const client = createClient(config, createLogger({ ...config, logLevel: 'error' }, deps.isTTY));
      try {
        const results = await runPreflight(config, client, deps.run, async () => {
          if (config.generatedDir) return config.generatedDir;
          const path = (await getConfiguration(client)).generatedPath;
          return path ? toLocalPath(path, config.pathMap) : null;
        });
        const parity = results.find((r) => r.name === 'Stash')?.ok ? await checkParity(config, deps) : null;
        if (parity) results.push(parity.result);
        const json = parity
          ? [...results.slice(0, -1), { ...parity.result, report: parity.report }]
          : results;
        const text = `${formatPreflight(results)}\n${parity?.report ? `\n${formatPhashParity(parity.report)}\n` : ''}`;
        deps.stdout(config.json ? `${JSON.stringify(json, null, 2)}\n` : text);
        deps.setExitCode(results.every((r) => r.ok) ? 0 : 1);
      } finally {
        await client.close();
      }
    },
  };
}

// Re-hashes the parity sample (src/pipeline/phash-parity.ts) as one more check.
async function checkParity(
  config: Config,
  deps: CliDeps,
): Promise<{ result: CheckResult; report: PhashParityReport | null }> {
  const name = 'phash parity';
  try {
    const setup = await setupWorker(config, {
      run: deps.run,
      runPipe: deps.runPipe,
      signal: deps.signal ?? new AbortController().signal,
      isTTY: deps.isTTY,
      logger: createLogger({ ...config, logLevel: 'error' }, deps.isTTY),
    });
    try {
      const report = await measurePhashParity(setup.ctx);
      const compared = report.matched + report.mismatched;
      const allowed = config.allowPhashMismatch ? ' (writes allowed by --allow-phash-mismatch)' : '';
      const detail =
        report.hashedScenes === 0
          ? 'no scene has a phash yet: nothing to compare (see below)'
          : report.mismatched > 0
            ? `${report.mismatched} of ${compared} sampled file(s) hash differently here: a run would not write phashes${allowed} (see below)`
            : `${report.matched} of ${compared} sampled file(s) exact in ${report.classes.length} class(es) (see below)`;
      return { result: { name, ok: report.mismatched === 0 || config.allowPhashMismatch, detail }, report };
    } finally {
      await setup.close();
    }
  } catch (error) {
    return {
      result: { name, ok: false, detail: error instanceof Error ? error.message : String(error) },
      report: null,
    };
  }
}
