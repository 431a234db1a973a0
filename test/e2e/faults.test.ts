// End to end on a real Stash, things going wrong mid-batch: a worker killed with SIGKILL (its scenes
// are finished by another worker once the lease is over) and the real Stash stopped and restarted
// (nothing lost, nothing wrongly error-tagged, the workers carry on). Black-box: CLI and GraphQL.
import { chmod, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
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

const SCENES = 8;
const LEASE_TTL = 8;

describeRealStash('e2e: faults on a real Stash', () => {
  let dirs: E2eDirs;
  let stash: RealStash;
  let expectedPhashes: Map<string, string | null>;
  let workerArgs: string[];

  const hashed = async (): Promise<number> =>
    [...(await stash.phashes()).values()].filter((p) => p !== null).length;

  beforeAll(async () => {
    dirs = await e2eDirs();
    const names = Array.from({ length: SCENES }, (_, i) => `fault-${i}.mp4`);
    const paths = await synthLibrary(dirs.media, names, { seconds: 2, seedBase: 40 });
    stash = await startRealStash([dirs.media]);
    await stash.scan();
    expectedPhashes = await localPhashes(paths, dirs);
    // The real ffmpeg, slowed down, so that a batch is certainly under way when the fault strikes.
    const slowFfmpeg = join(dirs.work, 'slow-ffmpeg');
    await writeFile(slowFfmpeg, '#!/bin/sh\nsleep 1\nexec ffmpeg "$@"\n');
    await chmod(slowFfmpeg, 0o755);
    workerArgs = [
      ...stashArgs(stash, dirs),
      '--json',
      '--ffmpeg-path',
      slowFfmpeg,
      '--lease-ttl-seconds',
      String(LEASE_TTL),
      '--batch-size',
      String(SCENES),
      '--concurrency',
      '1',
      '--scene-concurrency',
      '1',
      '--idle-min-seconds',
      '1',
      '--idle-max-seconds',
      '1',
    ];
  }, 600_000);

  afterAll(async () => {
    if (stash) await removeRealStash(stash);
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  it('a worker killed with SIGKILL mid-batch: another finishes its scenes after the lease', async () => {
    await stash.clearPhashes();
    const victim = startWorker(workerArgs, e2eEnv(dirs));
    await waitFor('the victim to store a first phash', async () => (await hashed()) > 0, 180_000);
    victim.kill('SIGKILL');
    await victim;
    const stranded = SCENES - (await hashed());
    expect(stranded).toBeGreaterThan(0);
    expect(await claimTags(stash)).toHaveLength(1); // the dead worker's claims are still there

    const rescuer = startWorker(workerArgs, e2eEnv(dirs));
    try {
      await waitFor('the rescue', async () => (await hashed()) === SCENES, 300_000);
    } finally {
      rescuer.kill('SIGTERM');
    }
    const result = await rescuer;
    expect(result.exitCode, result.stderr).toBe(0);
    // At least the stranded scenes (the victim may have computed one it never stored).
    expect(doneScenes(runResult(result.stdout)).length).toBeGreaterThanOrEqual(stranded);
    expect(await stash.phashes()).toEqual(expectedPhashes);
    expect(await claimTags(stash)).toEqual([]);
  }, 600_000);

  it('Stash stopped and restarted mid-batch: nothing lost, nothing error-tagged, workers carry on', async () => {
    await stash.clearPhashes();
    const workers = [startWorker(workerArgs, e2eEnv(dirs)), startWorker(workerArgs, e2eEnv(dirs))];
    try {
      await waitFor('a first phash', async () => (await hashed()) > 0, 180_000);
      await stash.stop();
      await new Promise((r) => setTimeout(r, 3000));
      await stash.start();
      expect(await hashed()).toBeLessThan(SCENES); // the restart came mid-batch
      await waitFor('every phash', async () => (await hashed()) === SCENES, 300_000);
      // The workers carried on: both are still running.
      for (const w of workers) expect(w.exitCode).toBeNull();
    } finally {
      for (const w of workers) w.kill('SIGTERM');
    }
    const results = await Promise.all(workers);
    for (const r of results) expect(r.exitCode, r.stderr).toBe(0);
    const done = results.flatMap((r) => doneScenes(runResult(r.stdout)));
    expect(new Set(done).size).toBe(SCENES);
    // A Stash request that falls in the outage (past the client's retries) fails its scene as
    // transient: released, never tagged, done again later. Whether one falls there depends on
    // timing, so only that kind is asserted: never a permanent failure.
    const failures = results.flatMap((r) =>
      runResult(r.stdout).batches.flatMap((b) => b.outcomes.flatMap((o) => (o.failure ? [o.failure] : []))),
    );
    for (const f of failures) expect(f.kind, `a scene failed in the ${f.step} step`).toBe('transient');
    expect(await stash.phashes()).toEqual(expectedPhashes);
    const tags = (await stash.scenes()).flatMap((s) => s.tags.map((t) => t.name));
    expect(tags).toEqual([]);
    expect(await claimTags(stash)).toEqual([]);
  }, 600_000);
});
