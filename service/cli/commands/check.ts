// `phashvaapi check`: Stash reachable, authenticated, recent enough; tags; path mappings; ffmpeg;
// the generated folder when a step needs it. Exit 1 when anything fails. Writes nothing.
import type { Argv, CommandModule } from 'yargs';
import { withConfigOptions, type ConfigFlagArgs } from '../../../src/config/yargs-options.js';
import { formatPreflight, runPreflight } from '../../../src/pipeline/preflight.js';
import { toLocalPath } from '../../../src/pipeline/path-map.js';
import { getConfiguration } from '../../../src/stash/api.js';
import type { CliDeps } from '../deps.js';
import { loadCliConfig } from '../load-cli-config.js';
import { createClient, createLogger } from '../worker-setup.js';

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
        deps.stdout(config.json ? `${JSON.stringify(results, null, 2)}\n` : `${formatPreflight(results)}\n`);
        deps.setExitCode(results.every((r) => r.ok) ? 0 : 1);
      } finally {
        await client.close();
      }
    },
  };
}
