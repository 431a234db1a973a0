// `phashvaapi check`: everything that would make a run fail, found before the run. Each check
// says what it looked at and what is wrong; none writes anything.
import { access, constants, mkdtemp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { isClaimTagName, isLive } from '../claims/lease.js';
import type { Config } from '../config/types.js';
import { readBinaryVersion } from '../media/ffmpeg-version.js';
import type { ProcessRunner } from '../media/run-process.js';
import { findScenesNeedingWork, findTagByExactName, findTagsByName } from '../stash/api.js';
import type { StashClient } from '../stash/client.js';
import { checkStashCompatibility } from '../stash/compatibility.js';
import { toLocalPath } from './path-map.js';

export interface CheckResult {
  name: string;
  ok: boolean;
  detail: string;
}

type Check = () => Promise<string>;

async function attempt(name: string, check: Check): Promise<CheckResult> {
  try {
    return { name, ok: true, detail: await check() };
  } catch (error) {
    return { name, ok: false, detail: error instanceof Error ? error.message : String(error) };
  }
}

// Runs every check; Stash checks are skipped (reported failed) when Stash cannot be reached.
export async function runPreflight(
  config: Config,
  client: StashClient,
  run: ProcessRunner,
  generatedDir: () => Promise<string | null>,
): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  results.push(await attempt('ffmpeg', () => readBinaryVersion(run, config.ffmpegPath)));
  results.push(await attempt('ffprobe', () => readBinaryVersion(run, config.ffprobePath)));
  const stash = await attempt('Stash', async () => {
    const c = await checkStashCompatibility(client);
    return `${config.stashUrl}: ${c.version ?? 'development build'} (schema ${c.appSchema}), authenticated, has everything phashvaapi uses`;
  });
  results.push(stash);
  if (!stash.ok) return results;

  results.push(
    await attempt('claims', async () => {
      const tags = (await findTagsByName(client, config.claimTagPrefix, 'INCLUDES')).filter((t) =>
        isClaimTagName(t.name, config.claimTagPrefix),
      );
      const live = tags.filter((t) =>
        isLive({ ...t, updatedAt: String(t.updated_at) }, Date.now(), config.leaseTtlSeconds * 1000),
      );
      return `${live.length} live worker(s), ${tags.length - live.length} silent worker tag(s) awaiting cleanup; lease ${config.leaseTtlSeconds} s`;
    }),
  );
  results.push(
    await attempt('error tag', async () => {
      const tag = await findTagByExactName(client, config.errorTag);
      return tag
        ? `"${config.errorTag}" exists (id ${tag.id})`
        : `"${config.errorTag}" will be created on the first run`;
    }),
  );
  results.push(
    await attempt('path mappings', async () => {
      for (const m of config.pathMap) {
        await access(m.localPrefix, constants.R_OK).catch(() => {
          throw new Error(
            `${m.stashPrefix}=${m.localPrefix}: ${m.localPrefix} does not exist or is not readable`,
          );
        });
      }
      const sample = await findScenesNeedingWork(client, {
        missing: 'phash',
        page: 1,
        perPage: 1,
        seed: Date.now() % 1e8,
      });
      const file = sample.scenes[0]?.files[0];
      if (!file) return `${config.pathMap.length} mapping(s); no scene needs a phash to sample`;
      const local = toLocalPath(file.path, config.pathMap);
      await access(local, constants.R_OK).catch(() => {
        throw new Error(
          `Stash's ${file.path} maps to ${local}, which is not readable here: add or fix --path-map STASH_PREFIX=LOCAL_PREFIX`,
        );
      });
      return `${config.pathMap.length} mapping(s); sample ${file.path} -> ${local} is readable`;
    }),
  );
  if (config.steps.some((s) => s !== 'phash')) {
    results.push(
      await attempt('generated folder', async () => {
        const dir = await generatedDir();
        if (!dir) throw new Error('Stash reports no generated folder; set --generated-dir');
        const probe = await mkdtemp(join(dir, '.phashvaapi-check-')).catch((e: unknown) => {
          throw new Error(
            `${dir} is missing or not writable here (${(e as Error).message}); map it with --path-map or set --generated-dir`,
          );
        });
        await rm(probe, { recursive: true, force: true });
        return `${dir} is writable`;
      }),
    );
  }
  return results;
}

// The results as aligned text lines.
export function formatPreflight(results: readonly CheckResult[]): string {
  const width = Math.max(...results.map((r) => r.name.length));
  return results.map((r) => `${r.ok ? 'ok  ' : 'FAIL'}  ${r.name.padEnd(width)}  ${r.detail}`).join('\n');
}
