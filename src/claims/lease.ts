// Pure lease rules. Each worker owns one claim tag named `<prefix> <workerId>`; it heartbeats by
// rewriting that tag's description, which makes Stash bump the tag's updated_at. A claim tag whose
// updated_at is older than the lease TTL belongs to a dead (or cut-off) worker and is ignored.
// Ages are measured on Stash's clock (updated_at is Stash's time), never by comparing two
// machines' clocks: each worker learns its offset to Stash's clock from its own heartbeats.

export interface ClaimTag {
  id: string;
  name: string;
  /** Stash's updated_at (RFC 3339, whole seconds). */
  updatedAt: string;
}

// The tag name a worker claims with.
export function claimTagName(prefix: string, workerId: string): string {
  return `${prefix} ${workerId}`;
}

// True when `name` is a claim tag under `prefix` (exact, case-sensitive: Stash's LIKE is not).
export function isClaimTagName(name: string, prefix: string): boolean {
  return name.startsWith(`${prefix} `) && name.length > prefix.length + 1;
}

// A heartbeat whose updated_at is within the TTL (on Stash's clock) is live. Whole-second
// timestamps can read up to 1 s old, so a 1 s grace keeps a just-beaten tag live.
export function isLive(tag: ClaimTag, stashNowMs: number, ttlMs: number): boolean {
  const beat = Date.parse(tag.updatedAt);
  if (Number.isNaN(beat)) return false;
  return stashNowMs - beat <= ttlMs + 1000;
}

// Estimates Stash's clock from our own heartbeat: Stash stamped `updatedAt` while our request was
// in flight between sentAtMs and receivedAtMs (local clock). Returns offset = stash - local.
export function clockOffsetMs(updatedAt: string, sentAtMs: number, receivedAtMs: number): number {
  const stash = Date.parse(updatedAt);
  if (Number.isNaN(stash)) return 0;
  // updated_at is truncated to the second: its true instant is in [stash, stash + 1000).
  return stash + 500 - (sentAtMs + receivedAtMs) / 2;
}

export type ClaimVerdict = 'won' | 'lost';

// After adding our tag and re-reading the scene: we may work on it only if no other live worker's
// claim tag is on it. Stash applies writes one at a time, so of two workers that add their tags
// concurrently the later one always sees the earlier one's tag: at most one sees itself alone.
export function decideClaim(
  sceneTagIds: readonly string[],
  ownTagId: string,
  liveOtherTagIds: ReadonlySet<string>,
): ClaimVerdict {
  if (!sceneTagIds.includes(ownTagId)) return 'lost';
  return sceneTagIds.some((id) => id !== ownTagId && liveOtherTagIds.has(id)) ? 'lost' : 'won';
}
