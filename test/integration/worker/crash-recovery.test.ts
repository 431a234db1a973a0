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

    const killedAt = Date.now();
    const rescuer = startWorker([...args, '--idle-min-seconds', '1', '--idle-max-seconds', '1'], rig.env);
    await waitFor('the rescue', () => scenesMissingPhash(rig.standin) === 0, 60_000);
    const tookMs = Date.now() - killedAt;
    rescuer.kill('SIGTERM');
    const r = await rescuer;
    expect(r.exitCode, r.stderr).toBe(0);
    // Not before the lease expired (the claims were honoured), and not long after it.
    expect(tookMs).toBeGreaterThanOrEqual(TTL * 1000 - 1500);
    expect(leftoverClaims(rig.standin)).toEqual({ tags: 0, scenes: 0 });
  }, 120_000);
});
