import { describe, expect, it } from 'vitest';
import { ClaimLostError, ClaimManager } from '../../../src/claims/claims.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { MemoryClaimBackend } from '../../helpers/memory-claim-backend.js';

function manager(backend: MemoryClaimBackend, id: string, ttlMs = 60_000, now = Date.now) {
  return new ClaimManager({
    backend,
    prefix: 'phashvaapi claim',
    workerId: id,
    ttlMs,
    logger: silentLogger,
    now,
  });
}

describe('ClaimManager', () => {
  it('never lets two live workers win the same scene, however their requests interleave', async () => {
    const scenes = Array.from({ length: 30 }, (_, i) => String(i + 1));
    for (let round = 0; round < 20; round++) {
      const backend = new MemoryClaimBackend(Date.now, 5);
      const workers = ['a', 'b', 'c', 'd'].map((id) => manager(backend, id));
      await Promise.all(workers.map((w) => w.start()));
      const results = await Promise.all(
        workers.map(async (w) => {
          const { liveOthers } = await w.survey();
          return w.claim(scenes, liveOthers);
        }),
      );
      const winners = results.flatMap((r) => r.won.map((s) => s.id));
      expect(new Set(winners).size).toBe(winners.length);
      // Lost scenes were withdrawn: only winners' tags remain on scenes.
      for (const [sceneId, tags] of backend.sceneTags) {
        expect(tags.size, `scene ${sceneId}`).toBeLessThanOrEqual(1);
      }
    }
  });

  it("ignores a dead worker's claim after the TTL and reaps its tag", async () => {
    let t = Date.parse('2026-11-22T03:00:00Z');
    const clock = () => t;
    const backend = new MemoryClaimBackend(clock);
    const dead = manager(backend, 'dead', 60_000, clock);
    await dead.start();
    await dead.claim(['1', '2'], []);
    // The dead worker stops heartbeating (kill -9): nothing runs its stop().
    const alive = manager(backend, 'alive', 60_000, clock);
    await alive.start();
    let survey = await alive.survey();
    expect(survey.liveOthers.map((x) => x.name)).toEqual(['phashvaapi claim dead']);
    expect((await alive.claim(['1'], survey.liveOthers)).won).toEqual([]);

    t += 62_000;
    await alive.heartbeat();
    survey = await alive.survey();
    expect(survey.liveOthers).toEqual([]);
    expect(survey.stale.map((x) => x.name)).toEqual(['phashvaapi claim dead']);
    expect((await alive.claim(['1'], survey.liveOthers)).won.map((s) => s.id)).toEqual(['1']);
    expect(await alive.reapStale(survey.stale)).toBe(1);
    expect([...backend.sceneTags.get('2')!]).toEqual([]);
    await alive.stop();
    await dead.stop().catch(() => undefined);
  });

  it('refuses to let a worker write after its lease lapsed', async () => {
    let t = 1_000_000;
    const clock = () => t;
    const backend = new MemoryClaimBackend(clock);
    const w = manager(backend, 'w', 10_000, clock);
    await w.start();
    expect(() => w.assertLeaseValid()).not.toThrow();
    t += 9_500;
    expect(() => w.assertLeaseValid()).toThrow(ClaimLostError);
    await w.heartbeat();
    expect(() => w.assertLeaseValid()).not.toThrow();
    await w.stop();
  });

  it('re-registers when another worker reaped its tag, and has then lost its claims', async () => {
    const backend = new MemoryClaimBackend(Date.now);
    const w = manager(backend, 'w');
    await w.start();
    await w.claim(['1'], []);
    await backend.destroyTag(w.tagId!);
    await w.heartbeat();
    expect(w.tagId).not.toBeNull();
    expect(w.heldSceneIds).toEqual([]);
    expect(backend.tags.size).toBe(1);
    await w.stop();
  });

  it('releases everything by destroying its tag on stop', async () => {
    const backend = new MemoryClaimBackend(Date.now);
    const w = manager(backend, 'w');
    await w.start();
    await w.claim(['1', '2', '3'], []);
    await w.release(['2']);
    expect([...backend.sceneTags.get('2')!]).toEqual([]);
    await w.stop();
    expect(backend.tags.size).toBe(0);
    expect([...backend.sceneTags.values()].every((s) => s.size === 0)).toBe(true);
  });
});

describe('ClaimManager.assertHolds', () => {
  it('lets a worker write only to scenes it still holds', async () => {
    const backend = new MemoryClaimBackend(Date.now);
    const w = manager(backend, 'w');
    await w.start();
    await w.claim(['1'], []);
    await expect(w.assertHolds('1')).resolves.toBeUndefined();
    await expect(w.assertHolds('2')).rejects.toBeInstanceOf(ClaimLostError);
    await w.stop();
  });

  it('finds out it was reaped during an outage before writing', async () => {
    let t = 1_000_000;
    const clock = () => t;
    const backend = new MemoryClaimBackend(clock);
    const w = manager(backend, 'w', 10_000, clock);
    await w.start();
    await w.claim(['1'], []);
    t += 30_000; // cut off from Stash for 3 TTLs; another worker reaps us meanwhile
    await backend.destroyTag(w.tagId!);
    await expect(w.assertHolds('1')).rejects.toBeInstanceOf(ClaimLostError);
    await w.stop();
  });
});
