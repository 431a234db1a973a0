// kill -9 of a worker mid-scene: its claims stop counting after the lease TTL, another worker
// reaps its claim tag and does its scenes; nothing stays claimed.
import { afterAll, describe, expect, it } from 'vitest';
import {
  leftoverClaims,
  scenesMissingPhash,
  startWorker,
  syntheticRig,
  type SyntheticRig,
} from '../../helpers/worker-harness.js';

const TTL = 4;

async function waitFor(what: string, cond: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (!cond()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

describe('a worker killed with SIGKILL', () => {
  let rig: SyntheticRig;
  afterAll(async () => rig?.standin.close());

  it('has its scenes done by another worker after the lease TTL', async () => {
    rig = await syntheticRig(6);
    const args = [
      ...rig.baseArgs,
      '--lease-ttl-seconds',
      String(TTL),
      '--batch-size',
      '6',
      '--scene-concurrency',
      '1',
      '--concurrency',
      '1',
    ];
    // Slow frames: the victim is certainly mid-scene when killed.
    const victim = startWorker(args, { ...rig.env, FAKE_DELAY: '0.5' });
    await waitFor('the victim to claim', () => leftoverClaims(rig.standin).scenes === 6, 30_000);
    victim.kill('SIGKILL');
    await victim;
    const stranded = 6 - (6 - scenesMissingPhash(rig.standin));
    expect(stranded).toBeGreaterThan(0);
    expect(leftoverClaims(rig.standin).tags).toBe(1); // the dead worker's tag is still there

    // The dead worker's last heartbeat, on Stash's clock (its claim tag's updated_at, in seconds).
    const deadTag = [...rig.standin.state.tags.values()].find((t) => t.name.startsWith('phashvaapi claim '))!;
    const lastBeatMs = deadTag.updatedAt * 1000;
    const rescueFrom = rig.standin.requests.length;
    const rescuer = startWorker([...args, '--idle-min-seconds', '1', '--idle-max-seconds', '1'], rig.env);
    await waitFor('the rescue', () => scenesMissingPhash(rig.standin) === 0, 60_000);
    rescuer.kill('SIGTERM');
    const r = await rescuer;
    expect(r.exitCode, r.stderr).toBe(0);
    // The claims were honoured: no stranded scene was written before the lease ran out on Stash's
    // clock (a protocol property, not a duration: a slow machine only makes the rescue later).
    // updated_at has whole seconds, so the heartbeat may have been up to 1 s after it says.
    const rescueWrites = rig.standin.requests
      .slice(rescueFrom)
      .filter((q) => q.operationName === 'SetFilePhash' && q.status === 200);
    expect(rescueWrites).toHaveLength(stranded);
    for (const w of rescueWrites) expect(w.at).toBeGreaterThanOrEqual(lastBeatMs + TTL * 1000);
    expect(leftoverClaims(rig.standin)).toEqual({ tags: 0, scenes: 0 });
  }, 120_000);
});
