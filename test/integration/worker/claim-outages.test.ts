// Stash cut off at exact points of a running worker's protocol (the stand-in goes down right
// after a given answer): during the claim, during the release, during the cover step, and for
// longer than the lease in the middle of a scene (the fence). Each time nothing is lost, nothing is
// tagged, nothing is written twice and no claim is left.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { synthVideo } from '../../helpers/real-stash.js';
import {
  cleanEnv,
  leftoverClaims,
  scenesMissingPhash,
  startWorker,
  syntheticRig,
} from '../../helpers/worker-harness.js';
import { startStandin, type Standin } from '../../standin/server.js';

const opened: Standin[] = [];
afterAll(async () => Promise.all(opened.map((s) => s.close())));

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

function errorTagged(standin: Standin): number {
  const tag = [...standin.state.tags.values()].find((t) => t.name === 'phashvaapi error');
  return tag ? [...standin.state.scenes.values()].filter((s) => s.tagIds.includes(tag.id)).length : 0;
}

function expectIntact(standin: Standin, when: string): void {
  expect(scenesMissingPhash(standin), `${when}: scenes left without a phash`).toBe(0);
  expect(errorTagged(standin), `${when}: good scenes error-tagged`).toBe(0);
  const twice = [...standin.state.phashWrites].filter(([, n]) => n > 1).map(([id]) => id);
  expect(twice, `${when}: files whose phash was written twice`).toEqual([]);
  expect(leftoverClaims(standin), `${when}: claims left`).toEqual({ tags: 0, scenes: 0 });
}

// A long-running worker until `done()`, then SIGTERM.
async function runUntil(args: string[], env: NodeJS.ProcessEnv, done: () => boolean): Promise<void> {
  const worker = startWorker([...args, '--idle-min-seconds', '1', '--idle-max-seconds', '1'], env);
  const end = Date.now() + 150_000;
  while (!done() && Date.now() < end) await sleep(200);
  worker.kill('SIGTERM');
  const r = await worker;
  expect(r.exitCode, r.stderr).toBe(0);
}

const WORKER = ['--batch-size', '4', '--scene-concurrency', '1', '--concurrency', '1', '--retries', '1'];

describe('Stash cut off during the claim protocol', () => {
  it.each([
    // The claim: right after discovery, so the write of our claim list (and its re-read) fail.
    ['the claim', 'FindScenesNeedingWork', 1],
    // The release: right after the batch's last phash write.
    ['the release', 'SetFilePhash', 4],
  ] as const)(
    'during %s: loses nothing and tags nothing',
    async (when, after, nth) => {
      const rig = await syntheticRig(8);
      opened.push(rig.standin);
      rig.standin.knobs.downAfter(after, 4000, { nth });
      await runUntil(
        [...rig.baseArgs, ...WORKER, '--lease-ttl-seconds', '60'],
        rig.env,
        () => scenesMissingPhash(rig.standin) === 0 && rig.standin.knobs.downtime() === null,
      );
      expect(
        rig.standin.requests.some((r) => r.status === 0),
        `${when}: the outage never happened`,
      ).toBe(true);
      expectIntact(rig.standin, `outage during ${when}`);
    },
    200_000,
  );

  it('a worker cut off for longer than its lease in mid-scene writes nothing (fence)', async () => {
    const rig = await syntheticRig(1);
    opened.push(rig.standin);
    // Stash goes away once the scene's work has begun (its oshash lookup answered), for 3 leases.
    rig.standin.knobs.downAfter('FindScenesByOshash', 9000);
    const worker = startWorker([...rig.baseArgs, ...WORKER, '--once', '--lease-ttl-seconds', '3'], {
      ...rig.env,
      FAKE_DELAY: '0.5',
    });
    const r = await worker;
    expect(r.stderr, 'the outage never reached the worker').toMatch(/unavailable|unreachable|retrying/i);
    expect(
      [...rig.standin.state.phashWrites.values()].reduce((a, b) => a + b, 0),
      'a worker cut off past its lease wrote a result (was it fenced?)',
    ).toBe(0);
    expect(errorTagged(rig.standin), 'the lost claim error-tagged the scene').toBe(0);
    expect(leftoverClaims(rig.standin)).toEqual({ tags: 0, scenes: 0 });
  }, 120_000);
});

describe('Stash cut off during the cover step (real ffmpeg)', () => {
  it('waits for Stash instead of failing the scene', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cover-outage-'));
    const videos = join(dir, 'videos');
    await mkdir(videos);
    await synthVideo(join(videos, 'a.mp4'), { seconds: 3 });
    const standin = await startStandin({ videosDir: videos });
    opened.push(standin);
    // Right after the claim's read of the scene: the steps' planning (the cover step asks
    // whether the scene has a cover) meets the outage.
    standin.knobs.downAfter('FindWorkScenesByIds', 4000);
    const scene = [...standin.state.scenes.values()][0]!;
    // One batch (--once): the scene must succeed in it, not fail and wait for a later batch.
    const r = await startWorker(
      [
        '--once',
        '--stash-url',
        standin.baseUrl,
        '--steps',
        'phash,cover',
        '--error-log',
        join(dir, 'errors.log'),
        ...WORKER,
      ],
      { ...cleanEnv(), HOME: dir },
    );
    expect(r.exitCode, `the scene failed during the outage instead of waiting for Stash:\n${r.stderr}`).toBe(
      0,
    );
    expect(scene.cover, 'the cover was lost to the outage').toBeTruthy();
    expectIntact(standin, 'outage during the cover step');
  }, 200_000);
});
