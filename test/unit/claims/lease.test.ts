import { describe, expect, it } from 'vitest';
import {
  claimDescription,
  claimedScenes,
  claimTagName,
  clockOffsetMs,
  isClaimTagName,
  isLive,
  scenesClaimedByOthers,
} from '../../../src/claims/lease.js';
import { createWorkerId } from '../../../src/claims/worker-identity.js';

describe('lease rules', () => {
  it('names claim tags and recognises only exact-prefix names', () => {
    expect(claimTagName('phashvaapi claim', 'h-1-abc')).toBe('phashvaapi claim h-1-abc');
    expect(isClaimTagName('phashvaapi claim h-1-abc', 'phashvaapi claim')).toBe(true);
    expect(isClaimTagName('phashvaapi claimer', 'phashvaapi claim')).toBe(false);
    expect(isClaimTagName('PHASHVAAPI CLAIM x', 'phashvaapi claim')).toBe(false);
    expect(isClaimTagName('phashvaapi claim ', 'phashvaapi claim')).toBe(false);
  });

  it('treats a heartbeat within the TTL (plus the 1 s timestamp truncation) as live', () => {
    const tag = { id: '1', name: 'x', updatedAt: '2026-11-22T03:00:00Z', description: '' };
    const beat = Date.parse(tag.updatedAt);
    expect(isLive(tag, beat + 60_000, 60_000)).toBe(true);
    expect(isLive(tag, beat + 61_000, 60_000)).toBe(true);
    expect(isLive(tag, beat + 61_001, 60_000)).toBe(false);
    expect(isLive({ ...tag, updatedAt: 'garbage' }, beat, 60_000)).toBe(false);
  });

  it("learns Stash's clock offset from a heartbeat round trip", () => {
    // Stash is 9 s behind us (as in the real fixture tagUpdate-description.json).
    const local = Date.parse('2026-11-22T03:05:00.000Z');
    expect(clockOffsetMs('2026-11-22T03:04:51Z', local - 100, local + 100)).toBe(-9000 + 500);
  });

  it('writes the claim list into the description and reads it back; old-style tags have none', () => {
    const at = Date.parse('2026-11-22T03:00:00Z');
    const d = claimDescription('h-1-abc', 600_000, at, ['12', '7']);
    expect(d).toBe(
      'phashvaapi worker h-1-abc; lease 600 s; heartbeat 2026-11-22T03:00:00.000Z; scenes: 12,7',
    );
    expect(claimedScenes(d)).toEqual(['12', '7']);
    expect(claimedScenes(claimDescription('w', 600_000, at, []))).toEqual([]);
    // The 0.1 description: its claims were on the scenes, not in the description.
    expect(claimedScenes('phashvaapi worker w; heartbeat 2026-11-22T03:00:00.000Z; lease 600 s')).toBeNull();
  });

  it('counts every other claim tag not known to be stale, and never our own', () => {
    const at = Date.parse('2026-11-22T03:00:00Z');
    const tag = (id: string, updatedAt: string, scenes: string[]) => ({
      id,
      name: `phashvaapi claim ${id}`,
      updatedAt,
      description: claimDescription(id, 60_000, at, scenes),
    });
    const tags = [
      tag('own', '2026-11-22T03:00:00Z', ['1']),
      tag('live', '2026-11-22T03:00:00Z', ['2']),
      tag('stale', '2026-11-22T02:58:00Z', ['3']),
      { ...tag('old', '2026-11-22T03:00:00Z', []), description: 'phashvaapi worker old; lease 60 s' },
    ];
    expect([...scenesClaimedByOthers(tags, 'own', at + 5000, 60_000)]).toEqual(['2']);
  });

  it('makes unique, LIKE-safe worker ids', () => {
    const a = createWorkerId('my_host%1', 42);
    expect(a).toMatch(/^my-host-1-42-[0-9a-f]{6}$/);
    expect(createWorkerId('h', 1)).not.toBe(createWorkerId('h', 1));
  });
});
