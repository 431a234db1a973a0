// End to end on a real Stash: Stash hashes its library with its own Generate, we clear the
// phashes, a dry run changes nothing at all, and `phashvaapi run --once` restores every phash,
// equal to Stash's own. The library has a multi-file scene and file names a shell would mangle.
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  claimTags,
  doneScenes,
  e2eCli,
  e2eDirs,
  runResult,
  stashArgs,
  synthLibrary,
  type E2eDirs,
} from '../helpers/e2e.js';
import { describeRealStash, removeRealStash, startRealStash, type RealStash } from '../helpers/real-stash.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { folderListing, graphqlSnapshot } from '../helpers/stash-snapshot.js';

const NAMES = [
  'plain.mp4',
  `it's "quoted".mp4`,
  '-leading dash.mp4',
  'ünïcødé 日本語.mp4',
  '$(touch pwned-dollar).mp4',
  '`touch pwned-backtick`.mp4',
  'semi;colon; touch pwned-semi.mp4',
  'merge-destination.mp4',
  'merge-source.mp4',
];
const CANARIES = ['pwned-dollar', 'pwned-backtick', 'pwned-semi'];

describeRealStash('e2e: phash on a real Stash', () => {
  let dirs: E2eDirs;
  let stash: RealStash;
  let stashPhashes: Map<string, string | null>;

  beforeAll(async () => {
    dirs = await e2eDirs();
    await synthLibrary(dirs.media, NAMES);
    stash = await startRealStash([dirs.media]);
    await stash.scan();
    // Two files with different content (oshash) never land in one scene by scanning: merge them.
    const byName = new Map((await stash.scenes()).map((s) => [s.files[0]!.path.split('/').pop(), s.id]));
    await stash.gql('mutation($input: SceneMergeInput!) { sceneMerge(input: $input) { id } }', {
      input: { source: [byName.get('merge-source.mp4')], destination: byName.get('merge-destination.mp4') },
    });
    await stash.generate({ phashes: true, overwrite: true });
    stashPhashes = await stash.phashes();
    await stash.clearPhashes();
  }, 300_000);

  afterAll(async () => {
    if (stash) await removeRealStash(stash);
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  it("has Stash's own phash for every file, and a scene with two files", async () => {
    expect(stashPhashes.size).toBe(NAMES.length);
    for (const [path, phash] of stashPhashes) expect(phash, path).toMatch(/^[0-9a-f]{1,16}$/);
    const scenes = await stash.scenes();
    expect(scenes).toHaveLength(NAMES.length - 1);
    expect(scenes.filter((s) => s.files.length === 2)).toHaveLength(1);
    expect([...(await stash.phashes()).values()].every((p) => p === null)).toBe(true);
  });

  it('dry run (all steps) changes nothing in Stash nor in its generated folder', async () => {
    const before = [await graphqlSnapshot(stash), await folderListing(stash.generated)];
    const result = await e2eCli(
      ['run', '--dry-run', '--json', '--steps', 'phash,cover,sprite,preview,webp', ...stashArgs(stash, dirs)],
      dirs,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const audit = JSON.parse(result.stdout) as Record<string, unknown>;
    expect(JSON.stringify(audit)).toContain('ffmpeg');
    expect([await graphqlSnapshot(stash), await folderListing(stash.generated)]).toEqual(before);
  }, 120_000);

  it("run --once restores every phash, equal to Stash's own", async () => {
    const result = await e2eCli(
      ['run', '--once', '--json', '--batch-size', '50', ...stashArgs(stash, dirs)],
      dirs,
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const scenes = await stash.scenes();
    expect(doneScenes(runResult(result.stdout)).sort()).toEqual(scenes.map((s) => s.id).sort());
    expect(await stash.phashes()).toEqual(stashPhashes);
    expect(scenes.flatMap((s) => s.tags.map((t) => t.name))).toEqual([]);
    expect(await claimTags(stash)).toEqual([]);
    // No file name was ever run by a shell.
    for (const canary of CANARIES) {
      expect(existsSync(join(REPO_ROOT, canary)), canary).toBe(false);
      expect(existsSync(join(dirs.media, canary)), canary).toBe(false);
    }
  }, 300_000);
});
