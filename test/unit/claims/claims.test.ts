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
      const results = await Promise.all(workers.map((w) => w.claim(scenes)));
      const winners = results.flatMap((r) => r.won.map((s) => s.id));
      expect(new Set(winners).size, 'a scene was won by two live workers').toBe(winners.length);
      // Lost scenes were withdrawn: each scene is listed by at most one claim tag, its winner's.
      const listed = workers.flatMap((w) => backend.listed(w.tagId!));
      expect(listed.sort()).toEqual([...winners].sort());
      expect(backend.sceneTags.size, 'a claim touched a scene').toBe(0);
    }
  });

  it("ignores a dead worker's claim after the TTL and reaps its tag", async () => {
    let t = Date.parse('2026-11-22T03:00:00Z');
    const clock = () => t;
    const backend = new MemoryClaimBackend(clock);
    const dead = manager(backend, 'dead', 60_000, clock);
    await dead.start();
    await dead.claim(['1', '2']);
    // The dead worker stops heartbeating (kill -9): nothing runs its stop().
    const alive = manager(backend, 'alive', 60_000, clock);
    await alive.start();
    let survey = await alive.survey();
    expect(survey.liveOthers.map((x) => x.name)).toEqual(['phashvaapi claim dead']);
    expect([...survey.claimed].sort()).toEqual(['1', '2']);
    expect((await alive.claim(['1'])).won).toEqual([]);

    t += 62_000;
    await alive.heartbeat();
    survey = await alive.survey();
    expect(survey.liveOthers).toEqual([]);
    expect(survey.stale.map((x) => x.name)).toEqual(['phashvaapi claim dead']);
    expect(survey.claimed.size).toBe(0);
    expect((await alive.claim(['1'])).won.map((s) => s.id)).toEqual(['1']);
    expect(await alive.reapStale(survey.stale)).toBe(1);
    expect([...backend.tags.values()].map((t) => t.name)).toEqual(['phashvaapi claim alive']);
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
    await w.claim(['1']);
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
    await w.claim(['1', '2', '3']);
    await w.release(['2']);
    expect(backend.listed(w.tagId!)).toEqual(['1', '3']);
    await w.stop();
    expect(backend.tags.size).toBe(0);
  });
});

describe('ClaimManager.assertHolds', () => {
  it('lets a worker write only to scenes it still holds', async () => {
    const backend = new MemoryClaimBackend(Date.now);
    const w = manager(backend, 'w');
    await w.start();
    await w.claim(['1']);
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
    await w.claim(['1']);
    t += 30_000; // cut off from Stash for 3 TTLs; another worker reaps us meanwhile
    await backend.destroyTag(w.tagId!);
    await expect(w.assertHolds('1')).rejects.toBeInstanceOf(ClaimLostError);
    await w.stop();
  });
});

describe('claims on the claim tag', () => {
  it('claims, heartbeats and releases without a single scene update, in few tag writes', async () => {
    const backend = new MemoryClaimBackend(Date.now);
    const w = manager(backend, 'w');
    await w.start();
    const before = backend.tagWrites;
    const { won } = await w.claim(['1', '2']);
    expect(won.map((s) => s.id)).toEqual(['1', '2']);
    expect(backend.tagWrites - before, 'a claim without conflict is one tag write').toBe(1);
    await w.heartbeat();
    expect(backend.listed(w.tagId!), 'a heartbeat keeps the claim list').toEqual(['1', '2']);
    await w.release(['1', '2']);
    expect(backend.listed(w.tagId!)).toEqual([]);
    expect(backend.sceneTags.size, 'a claim, heartbeat or release touched a scene').toBe(0);
    await w.stop();
  });

  it('never lets a heartbeat and a claim overwrite each other (one writer per tag)', async () => {
    const backend = new MemoryClaimBackend(Date.now, 5);
    const w = manager(backend, 'w');
    await w.start();
    // Heartbeats fired while claims and releases are in flight: each write carries the whole
    // current list, in order, so the last write is always the latest list.
    const work = [w.claim(['1', '2']), w.heartbeat(), w.claim(['3']), w.heartbeat()];
    await Promise.all(work);
    expect(backend.listed(w.tagId!).sort()).toEqual(['1', '2', '3']);
    await Promise.all([w.release(['2']), w.heartbeat(), w.heartbeat()]);
    expect(backend.listed(w.tagId!).sort(), 'a heartbeat put back a released scene').toEqual(['1', '3']);
    await w.stop();
  });

  it('skips a scene deleted since discovery', async () => {
    const backend = new MemoryClaimBackend(Date.now);
    backend.deleted.add('2');
    const w = manager(backend, 'w');
    await w.start();
    expect((await w.claim(['1', '2'])).won.map((s) => s.id)).toEqual(['1']);
    expect(backend.listed(w.tagId!)).toEqual(['1']);
    await w.stop();
  });

  it('reaps an old-style (0.1) claim tag left on scenes by a crashed worker', async () => {
    let t = Date.parse('2026-11-22T03:00:00Z');
    const clock = () => t;
    const backend = new MemoryClaimBackend(clock);
    const old = await backend.createTag(
      'phashvaapi claim old-1-abc',
      'phashvaapi worker old-1-abc; heartbeat x; lease 60 s',
    );
    backend.addSceneTag(['1', '2'], old.id);
    const w = manager(backend, 'w', 60_000, clock);
    await w.start();
    // Live: its claims are on the scenes, so discovery must exclude that tag.
    expect((await w.survey()).legacyLive.map((x) => x.id)).toEqual([old.id]);
    t += 62_000;
    await w.heartbeat();
    const survey = await w.survey();
    expect(survey.legacyLive).toEqual([]);
    expect(await w.reapStale(survey.stale)).toBe(1);
    expect(
      [...backend.sceneTags.values()].every((tags) => tags.size === 0),
      'old claim left on a scene',
    ).toBe(true);
    await w.stop();
  });

  it('drops what it held when its lease lapsed before a write got through', async () => {
    let t = 1_000_000;
    const clock = () => t;
    const backend = new MemoryClaimBackend(clock);
    const w = manager(backend, 'w', 10_000, clock);
    await w.start();
    await w.claim(['1']);
    t += 9_500; // no write reached Stash for 0.95 TTL: another worker may have reaped and re-claimed
    await w.heartbeat();
    expect(w.heldSceneIds, 'a worker kept a claim past its lapsed lease').toEqual([]);
    await expect(w.assertHolds('1')).rejects.toBeInstanceOf(ClaimLostError);
    await w.stop();
  });

  it('removes its tag on stop even when Stash created it but the answer never came back', async () => {
    const backend = new MemoryClaimBackend(Date.now);
    const create = backend.createTag.bind(backend);
    backend.createTag = async (name, description) => {
      await create(name, description);
      throw new Error('connection reset (the tag was created, the answer lost)');
    };
    const worker = manager(backend, 'cut-off');
    await expect(worker.start()).rejects.toThrow(/connection reset/);
    await worker.stop();
    const left = (await backend.findClaimTags('phashvaapi claim')).map((t) => t.name);
    expect(left, 'a claim tag outlived a worker that stopped cleanly').toEqual([]);
  });
});
