// The join race (issue 13): a worker that registers after another's survey must still count.
// Deterministic: the interleaving is written out step by step, no timers, no latency.
import { describe, expect, it } from 'vitest';
import { ClaimManager } from '../../../src/claims/claims.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { MemoryClaimBackend } from '../../helpers/memory-claim-backend.js';

const manager = (backend: MemoryClaimBackend, id: string) =>
  new ClaimManager({
    backend,
    prefix: 'phashvaapi claim',
    workerId: id,
    ttlMs: 60_000,
    logger: silentLogger,
  });

describe('the join race', () => {
  it('a worker that registered after our survey still counts: never two winners', async () => {
    const backend = new MemoryClaimBackend(Date.now);
    const a = manager(backend, 'a');
    await a.start();
    // 1. A surveys the claim tags (then spends seconds in discovery).
    const surveyA = await a.survey();
    expect(surveyA.liveOthers).toEqual([]);
    // 2. B registers after A's survey, claims scene 7 and sees itself alone.
    const b = manager(backend, 'b');
    await b.start();
    const wonB = (await b.claim(['7'])).won.map((s) => s.id);
    expect(wonB).toEqual(['7']);
    // 3. A claims 7 and sees B's claim; B is not known to be stale, so it must count.
    const wonA = (await a.claim(['7'])).won.map((s) => s.id);
    expect(wonA, 'A won scene 7 although B (registered after A surveyed) already holds it').toEqual([]);
    await Promise.all([a.stop(), b.stop()]);
  });
});
