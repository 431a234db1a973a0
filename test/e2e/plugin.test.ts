// End to end on a real Stash: the plugin built by `npm run package-plugin`, installed through
// Stash's package manager from a file:// index, and each of its tasks run by Stash itself
// (runPluginTask) in direct mode: python3 launcher, then the bundled Node.js entry.
import { execa } from 'execa';
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { claimTags, e2eDirs, synthLibrary, type E2eDirs } from '../helpers/e2e.js';
import { describeRealStash, removeRealStash, startRealStash, type RealStash } from '../helpers/real-stash.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { folderListing, graphqlSnapshot } from '../helpers/stash-snapshot.js';

// What each mode's output starts with (plugin/lib/tasks.ts), to tell from Stash's log which ran.
const MODE_OUTPUT: Record<string, RegExp> = {
  run: /^\d+ claimed of \d+ candidates/,
  'dry-run': /^Library \(.*\): \d+ scenes/,
  status: /^No Service URL set: the library as Stash sees it/,
  verify: /^Re-hashed \d+ file\(s\)/,
};

interface ManifestTask {
  name: string;
  defaultArgs: { mode: string };
}

describeRealStash('e2e: the plugin inside a real Stash', () => {
  let dirs: E2eDirs;
  let stash: RealStash;
  let stashPhashes: Map<string, string | null>;
  let tasks: ManifestTask[];

  // Runs a task as Stash's UI does and returns its job's final status and progress and the output
  // Stash logged for it ("Plugin returned: ..." at debug level).
  async function runTask(
    name: string,
  ): Promise<{ status: string | null; progress: number | null; output: string }> {
    const logBefore = (await readFile(join(stash.home, 'stash.log'), 'utf8')).length;
    const { runPluginTask: jobId } = await stash.gql<{ runPluginTask: string }>(
      'mutation($name: String!) { runPluginTask(plugin_id: "phashvaapi", task_name: $name) }',
      { name },
    );
    const status = await stash.waitJob(jobId);
    const job = await stash.gql<{ findJob: { progress: number | null } | null }>(
      'query($id: ID!) { findJob(input: { id: $id }) { progress } }',
      { id: jobId },
    );
    const log = (await readFile(join(stash.home, 'stash.log'), 'utf8')).slice(logBefore);
    const at = log.indexOf('Plugin returned: ');
    // The output may span lines; it ends where Stash's next log entry (coloured level) starts.
    const output =
      at < 0
        ? `(no output in log: ${log})`
        : log
            .slice(at + 'Plugin returned: '.length)
            .split(/\n(?=\S*\[\d+m(?:DEBU|INFO|WARN|ERRO))/)[0]!
            .trim();
    return { status, progress: job.findJob?.progress ?? null, output };
  }

  const taskOf = (mode: string): string => tasks.find((t) => t.defaultArgs.mode === mode)!.name;

  beforeAll(async () => {
    dirs = await e2eDirs();
    await synthLibrary(dirs.media, ['p1.mp4', 'p2.mp4', 'p3.mp4'], { seconds: 2, seedBase: 11 });
    stash = await startRealStash([dirs.media]);
    await stash.scan();
    await stash.generate({ phashes: true, overwrite: true });
    stashPhashes = await stash.phashes();
    await stash.clearPhashes();
    // Plugin output is logged at debug level only.
    await stash.configureGeneral({ logLevel: 'Debug' });
    const build = join(dirs.root, 'plugin-build');
    await execa('npm', ['run', '--silent', 'package-plugin', '--', build], { cwd: REPO_ROOT });
    const { installPackages: jobId } = await stash.gql<{ installPackages: string }>(
      'mutation($source: String!) { installPackages(type: Plugin, packages: [{ id: "phashvaapi", sourceURL: $source }]) }',
      { source: `file://${build}/index.yml` },
    );
    expect(await stash.waitJob(jobId)).not.toBe('FAILED');
    const manifest = parse(await readFile(join(stash.home, 'plugins/phashvaapi/phashvaapi.yml'), 'utf8')) as {
      tasks: ManifestTask[];
    };
    tasks = manifest.tasks;
  }, 300_000);

  afterAll(async () => {
    if (stash) await removeRealStash(stash);
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  it('is installed by the package manager with its four tasks, one per mode', async () => {
    const data = await stash.gql<{ plugins: { id: string; tasks: { name: string }[] }[] }>(
      '{ plugins { id tasks { name } } }',
    );
    const plugin = data.plugins.find((p) => p.id === 'phashvaapi');
    expect(plugin?.tasks.map((t) => t.name)).toEqual(tasks.map((t) => t.name));
    expect(tasks.map((t) => t.defaultArgs.mode).sort()).toEqual(Object.keys(MODE_OUTPUT).sort());
  });

  it('the dry-run task reaches FINISHED with progress, runs the audit and changes nothing', async () => {
    const before = [await graphqlSnapshot(stash), await folderListing(stash.generated)];
    const result = await runTask(taskOf('dry-run'));
    expect(result).toMatchObject({ status: 'FINISHED', progress: 1 });
    expect(result.output).toMatch(MODE_OUTPUT['dry-run']!);
    expect(result.output).toMatch(/scenes missing a phash\s+3/);
    expect([await graphqlSnapshot(stash), await folderListing(stash.generated)]).toEqual(before);
  }, 120_000);

  it('the status task reaches FINISHED with progress and reports the library', async () => {
    const result = await runTask(taskOf('status'));
    expect(result).toMatchObject({ status: 'FINISHED', progress: 1 });
    expect(result.output).toMatch(MODE_OUTPUT.status!);
    expect(result.output).toMatch(/scenes missing a phash\s+3/);
  }, 120_000);

  it("the hash task reaches FINISHED with progress and restores Stash's phashes", async () => {
    const result = await runTask(taskOf('run'));
    expect(result).toMatchObject({ status: 'FINISHED', progress: 1 });
    expect(result.output).toMatch(MODE_OUTPUT.run!);
    expect(result.output).toMatch(/3 done, 0 failed/);
    expect(await stash.phashes()).toEqual(stashPhashes);
    expect(await claimTags(stash)).toEqual([]);
  }, 180_000);

  it('the verify task reaches FINISHED with progress and finds every phash exact', async () => {
    const result = await runTask(taskOf('verify'));
    expect(result).toMatchObject({ status: 'FINISHED', progress: 1 });
    expect(result.output).toMatch(MODE_OUTPUT.verify!);
    expect(result.output).toMatch(/Re-hashed 3 file\(s\)[\s\S]*exact match\s+3/);
  }, 180_000);
});
