// Selecting work: --path-filter (pushed down to Stash's path filter), --scene-ids, --retry-errors,
// and `clear-errors [--dry-run]`, through the real CLI against the stand-in (fake ffmpeg: phash
// only); dry runs change nothing. The scan (generated files) honours the same scope.
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkFinder } from '../../../src/discovery/finder.js';
import { scopeOf } from '../../../src/discovery/work-scope.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { createStashClient } from '../../../src/stash/client.js';
import type { SeedScene } from '../../standin/seed.js';
import { startStandin, type Standin } from '../../standin/server.js';
import { runCli } from '../../helpers/cli.js';
import { cleanEnv, FAKE_FFMPEG, leftoverClaims, uniformBmp } from '../../helpers/worker-harness.js';

const ERROR_TAG = 'phashvaapi error';
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

const scene = (
  n: number,
  folder: string,
  tags: string[] = [],
  exists = true,
): SeedScene & { exists: boolean } => ({
  title: `scene ${n}`,
  files: [
    {
      path: `/data/${folder}/${exists ? n : 'missing'}.mp4`,
      duration: 30,
      oshash: `a0000000000000${String(n).padStart(2, '0')}`,
    },
  ],
  tags,
  exists,
});

// Scenes 1, 2 in /data/a, 3, 4 in /data/b, none hashed; 5 (/data/a) and 6 (/data/b, file
// missing) carry the error tag.
const LIBRARY = [
  scene(1, 'a'),
  scene(2, 'a'),
  scene(3, 'b'),
  scene(4, 'b'),
  scene(5, 'a', [ERROR_TAG]),
  scene(6, 'b', [ERROR_TAG], false),
];

async function rig() {
  const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-select-'));
  const media = join(dir, 'media');
  for (const s of LIBRARY) {
    const path = s.files![0]!.path;
    await mkdir(join(media, path.split('/')[2]!), { recursive: true });
    if (s.exists) await writeFile(join(media, path.slice('/data/'.length)), '');
  }
  await writeFile(join(dir, 'frame.bmp'), uniformBmp());
  const standin = await startStandin({
    scenes: LIBRARY.map(({ exists: _, ...s }) => s),
    generatedPath: join(dir, 'gen'),
  });
  open.push(standin);
  const env = { ...cleanEnv(), FAKE_BMP: join(dir, 'frame.bmp'), HOME: dir };
  const base = [
    '--stash-url',
    standin.baseUrl,
    '--path-map',
    `/data=${media}`,
    '--ffmpeg-path',
    FAKE_FFMPEG,
    '--error-log',
    join(dir, 'errors.log'),
    '--log-level',
    'warn',
  ];
  const cli = (args: string[]) => runCli([...args, ...base], { env, extendEnv: false });
  return { dir, standin, cli };
}

// Ids of scenes whose files all have a phash.
const hashed = (standin: Standin) =>
  [...standin.state.scenes.values()]
    .filter((s) => s.files.every((f) => f.fingerprints.some((fp) => fp.type === 'phash')))
    .map((s) => s.id);

const errorTagged = (standin: Standin) => {
  const tag = [...standin.state.tags.values()].find((t) => t.name === ERROR_TAG)!;
  return [...standin.state.scenes.values()].filter((s) => s.tagIds.includes(tag.id)).map((s) => s.id);
};

describe('--path-filter', () => {
  it('works only on scenes whose path contains it (or matches re:), the dry run first changing nothing', async () => {
    const { standin, cli } = await rig();
    const before = standin.snapshot();
    const dry = await cli(['run', '--dry-run', '--json', '--path-filter', '/data/A/']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    const report = JSON.parse(dry.stdout) as {
      scope: string;
      library: { scenes: number; missingPhash: number; errorTagged: number };
      batch: { id: string }[];
    };
    expect(report.scope).toBe('path contains "/data/A/"');
    // LIKE is case-insensitive: /data/a/ scenes 1, 2, 5; 5 is error-tagged.
    expect(report.library).toMatchObject({ scenes: 3, missingPhash: 3, errorTagged: 1 });
    expect(report.batch.map((s) => s.id).sort()).toEqual(['1', '2']);
    expect(standin.snapshot()).toBe(before);

    const r = await cli(['run', '--once', '--path-filter', '/data/A/']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(hashed(standin)).toEqual([1, 2]);
    const re = await cli(['run', '--once', '--path-filter', 're:^/data/b/[0-9]']);
    expect(re.exitCode, re.stderr).toBe(0);
    expect(hashed(standin)).toEqual([1, 2, 3, 4]);
    expect(leftoverClaims(standin)).toEqual({ tags: 0, scenes: 0 });
  }, 120_000);
});

describe('--scene-ids', () => {
  it('works only on the listed scenes', async () => {
    const { standin, cli } = await rig();
    const dry = await cli(['run', '--dry-run', '--scene-ids', '4,2']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain('Library (2 listed scene id(s)): 2 scenes');
    expect(dry.stdout).toContain('This batch would process 2 scene(s)');
    const r = await cli(['run', '--once', '--scene-ids', '4,2']);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(hashed(standin)).toEqual([2, 4]);
    // An error-tagged scene stays excluded unless --retry-errors.
    const tagged = await cli(['run', '--once', '--scene-ids', '5']);
    expect(tagged.exitCode, tagged.stderr).toBe(0);
    expect(hashed(standin)).toEqual([2, 4]);
  }, 120_000);

  it('refuses an id Stash does not know, naming it, before writing anything', async () => {
    const { standin, cli } = await rig();
    const before = standin.snapshot();
    for (const mode of ['--once', '--dry-run']) {
      const r = await cli(['run', mode, '--scene-ids', '2,999']);
      expect(r.exitCode).toBe(2);
      expect(r.stderr).toContain('--scene-ids: Stash has no scene with id 999');
    }
    expect(standin.snapshot()).toBe(before);
  }, 120_000);
});

describe('--retry-errors', () => {
  it('processes error-tagged scenes again and removes the tag from those that succeed', async () => {
    const { dir, standin, cli } = await rig();
    const first = await cli(['run', '--once']);
    expect(first.exitCode, first.stderr).toBe(0);
    expect(hashed(standin)).toEqual([1, 2, 3, 4]);
    expect(errorTagged(standin)).toEqual([5, 6]);

    const before = standin.snapshot();
    const dry = await cli(['run', '--dry-run', '--retry-errors']);
    expect(dry.stdout).toContain('error-tagged scenes included');
    expect(dry.stdout).toContain('This batch would process 2 scene(s)');
    expect(standin.snapshot()).toBe(before);

    const retry = await cli(['run', '--once', '--retry-errors']);
    // Scene 6's file is still missing: it fails again (exit 1 for --once) and keeps the tag.
    expect(retry.exitCode).toBe(1);
    expect(retry.stdout).toContain('error tag removed from 1');
    expect(hashed(standin)).toEqual([1, 2, 3, 4, 5]);
    expect(errorTagged(standin)).toEqual([6]);
    // Seeded with the tag, scene 6 failed for the first time here: one line in the error log.
    const log = (await readFile(join(dir, 'errors.log'), 'utf8')).trim().split('\n');
    expect(log.map((l) => JSON.parse(l) as { sceneId: string; reason: string })).toEqual([
      expect.objectContaining({ sceneId: '6', reason: expect.stringMatching(/missing or not readable/) }),
    ]);
    expect(leftoverClaims(standin)).toEqual({ tags: 0, scenes: 0 });
  }, 120_000);
});

describe('clear-errors', () => {
  it('--dry-run counts and changes nothing; without it the tag leaves every scene', async () => {
    const { standin, cli } = await rig();
    const before = standin.snapshot();
    const dry = await cli(['clear-errors', '--dry-run']);
    expect(dry.exitCode, dry.stderr).toBe(0);
    expect(dry.stdout).toContain(`2 scene(s) carry "${ERROR_TAG}"; dry run: nothing was removed`);
    expect(standin.snapshot()).toBe(before);

    const scoped = await cli(['clear-errors', '--json', '--path-filter', '/data/a/']);
    expect(JSON.parse(scoped.stdout)).toEqual({
      tag: ERROR_TAG,
      tagExists: true,
      tagged: 1,
      removed: 1,
      dryRun: false,
    });
    expect(errorTagged(standin)).toEqual([6]);

    const all = await cli(['clear-errors']);
    expect(all.exitCode, all.stderr).toBe(0);
    expect(all.stdout).toContain(`Removed "${ERROR_TAG}" from 1 scene(s)`);
    expect(errorTagged(standin)).toEqual([]);
    // The tag itself stays (running workers use its id); scenes lost nothing else.
    expect([...standin.state.tags.values()].some((t) => t.name === ERROR_TAG)).toBe(true);
    expect(hashed(standin)).toEqual([]);
    const again = await cli(['clear-errors']);
    expect(again.stdout).toContain('from 0 scene(s)');
  }, 120_000);
});

describe('the scan honours the scope', () => {
  it('path filter, scene ids and the error tag apply when generated files are scanned', async () => {
    const { standin } = await rig();
    const client = createStashClient({ url: standin.url, logger: silentLogger, retries: 0 });
    open.push(client);
    const errorTag = String([...standin.state.tags.values()].find((t) => t.name === ERROR_TAG)!.id);
    const find = async (scope: Parameters<typeof scopeOf>[0]) => {
      const f = new WorkFinder(client, {
        steps: ['sprite'],
        scope: scopeOf(scope),
        batchSize: 20,
        force: false,
        generatedDir: '/nowhere',
        naming: 'OSHASH',
        exists: async () => false,
      });
      const found = await f.next(scope.retryErrors ? [] : [errorTag]);
      return found.scenes.map((s) => Number(s.id)).sort();
    };
    expect(await find({ pathFilter: null, sceneIds: null, retryErrors: false })).toEqual([1, 2, 3, 4]);
    expect(await find({ pathFilter: '/data/a/', sceneIds: null, retryErrors: false })).toEqual([1, 2]);
    expect(await find({ pathFilter: '/data/a/', sceneIds: null, retryErrors: true })).toEqual([1, 2, 5]);
    expect(await find({ pathFilter: null, sceneIds: [6, 3, 5], retryErrors: false })).toEqual([3]);
    expect(await find({ pathFilter: 're:/b/', sceneIds: [6, 3, 5, 1], retryErrors: true })).toEqual([3, 6]);
  }, 60_000);
});
