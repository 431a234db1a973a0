// Pure lease rules. Each worker owns one claim tag named `<prefix> <workerId>`; the tag's
// description lists the scenes it claims, and every rewrite of it (a claim, a release, a
// heartbeat) makes Stash bump the tag's updated_at. A claim tag whose updated_at is older than the
// lease TTL belongs to a dead (or cut-off) worker and is ignored.
// Ages are measured on Stash's clock (updated_at is Stash's time), never by comparing two
// machines' clocks: each worker learns its offset to Stash's clock from its own heartbeats.

export interface ClaimTag {
  id: string;
  name: string;
  /** Stash's updated_at (RFC 3339, whole seconds). */
  updatedAt: string;
  /** The claim list (claimDescription); an old-style tag (claims on scenes) has none. */
  description: string;
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
export function isLive(tag: Pick<ClaimTag, 'updatedAt'>, stashNowMs: number, ttlMs: number): boolean {
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

// The description a worker writes on its own tag: readable in Stash's tag list, and the claim list
// at the end. Scene ids are plain integers, so the list needs no escaping.
export function claimDescription(
  workerId: string,
  ttlMs: number,
  nowMs: number,
  sceneIds: Iterable<string>,
): string {
  const list = [...sceneIds].join(',');
  return `phashvaapi worker ${workerId}; lease ${Math.round(ttlMs / 1000)} s; heartbeat ${new Date(nowMs).toISOString()}; scenes: ${list}`;
}

const SCENE_LIST = /; scenes: ([0-9,]*)$/;

// The scene ids a claim tag lists; null for an old-style tag (before 0.2 the claim tag was added
// to the scenes themselves and its description held no list).
export function claimedScenes(description: string): string[] | null {
  const match = SCENE_LIST.exec(description);
  if (!match) return null;
  return match[1]!.split(',').filter((id) => id !== '');
}

// Scenes that other workers' claim tags list, counting every tag not known to be stale. A tag we
// did not see in an earlier survey (a worker that joined since) counts as much as any other: the
// re-read after our own write is the only view that decides (README "Claims").
export function scenesClaimedByOthers(
  tags: readonly ClaimTag[],
  ownTagId: string | null,
  stashNowMs: number,
  ttlMs: number,
): Set<string> {
  const taken = new Set<string>();
  for (const tag of tags) {
    if (tag.id === ownTagId || !isLive(tag, stashNowMs, ttlMs)) continue;
    for (const id of claimedScenes(tag.description) ?? []) taken.add(id);
  }
  return taken;
}
