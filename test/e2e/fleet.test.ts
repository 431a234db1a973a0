// End to end on a real Stash: four worker processes at once. Every scene is done exactly once
// (counted from the workers' own JSON statistics), every phash is the file's phash, and no claim
// tag is left. Black-box: only the CLI and Stash's GraphQL, never the claim mechanism's internals.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import {
  claimTags,
  doneScenes,
  e2eDirs,
  e2eEnv,
  localPhashes,
  runResult,
  stashArgs,
  synthLibrary,
  waitFor,
  type E2eDirs,
} from '../helpers/e2e.js';
import { describeRealStash, removeRealStash, startRealStash, type RealStash } from '../helpers/real-stash.js';
import { startWorker } from '../helpers/worker-harness.js';

const SCENES = 12;
const WORKERS = 4;

describeRealStash('e2e: a fleet of workers on one real Stash', () => {
  let dirs: E2eDirs;
  let stash: RealStash;
  let expectedPhashes: Map<string, string | null>;

  beforeAll(async () => {
    dirs = await e2eDirs();
    const names = Array.from({ length: SCENES }, (_, i) => `fleet-${String(i).padStart(2, '0')}.mp4`);
    const paths = await synthLibrary(dirs.media, names, { seconds: 2, seedBase: 20 });
    stash = await startRealStash([dirs.media]);
    await stash.scan();
    expectedPhashes = await localPhashes(paths, dirs);
  }, 600_000);

  afterAll(async () => {
    if (stash) await removeRealStash(stash);
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  it('does every scene exactly once, right phashes, and leaves no claim tag', async () => {
    const args = [
      ...stashArgs(stash, dirs),
      '--json',
      '--batch-size',
      '3',
      '--concurrency',
      '1',
      '--idle-min-seconds',
      '1',
      '--idle-max-seconds',
      '1',
    ];
    const workers = Array.from({ length: WORKERS }, () => startWorker(args, e2eEnv(dirs)));
    try {
      await waitFor(
        'every phash',
        async () => [...(await stash.phashes()).values()].every((p) => p !== null),
        300_000,
      );
    } finally {
      for (const w of workers) w.kill('SIGTERM');
    }
    const results = await Promise.all(workers);
    for (const r of results) expect(r.exitCode, r.stderr).toBe(0);
    const done = results.flatMap((r) => doneScenes(runResult(r.stdout)));
    const scenes = await stash.scenes();
    expect(done.sort()).toEqual(scenes.map((s) => s.id).sort());
    // More than one worker took part (each batch is at most 3 of the 12 scenes).
    expect(results.filter((r) => doneScenes(runResult(r.stdout)).length > 0).length).toBeGreaterThan(1);
    expect(await stash.phashes()).toEqual(expectedPhashes);
    expect(await claimTags(stash)).toEqual([]);
    expect(scenes.flatMap((s) => s.tags)).toEqual([]);
  }, 400_000);
});
