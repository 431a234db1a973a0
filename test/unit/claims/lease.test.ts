import { describe, expect, it } from 'vitest';
import {
  claimTagName,
  clockOffsetMs,
  decideClaim,
  isClaimTagName,
  isLive,
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
    const tag = { id: '1', name: 'x', updatedAt: '2026-11-22T03:00:00Z' };
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

  it('wins only when no other live claim tag is on the scene', () => {
    const live = new Set(['7']);
    expect(decideClaim(['1', '5'], '5', live)).toBe('won');
    expect(decideClaim(['5', '7'], '5', live)).toBe('lost');
    expect(decideClaim(['5', '8'], '5', live)).toBe('won'); // 8: a stale worker's tag
    expect(decideClaim(['7'], '5', live)).toBe('lost'); // our tag vanished (reaped)
  });

  it('makes unique, LIKE-safe worker ids', () => {
    const a = createWorkerId('my_host%1', 42);
    expect(a).toMatch(/^my-host-1-42-[0-9a-f]{6}$/);
    expect(createWorkerId('h', 1)).not.toBe(createWorkerId('h', 1));
  });
});
