// The claim protocol (README "Claims"): at most one live worker works on a scene, and claims of a
// worker that dies (even kill -9) stop counting after the lease TTL and are then removed by others.
// Every write goes to claim tags, never to a scene, so users' Scene.Update hooks never see a claim.
//
// - Register: create our own claim tag `<prefix> <workerId>`. Its description lists the scenes we
//   claim; rewriting it (claim, release, heartbeat every TTL/4) bumps the tag's updated_at.
// - Claim: rewrite our list with the candidates added, re-read every claim tag, and keep a scene
//   only if no other claim tag that is not known to be stale lists it; lost scenes leave our list.
// - One writer per tag: our writes are serialized and each writes the whole current list, so a
//   heartbeat can never put back a released scene nor drop a claimed one.
// - Fence: before writing results, check that our lease has not lapsed (a worker cut off from
//   Stash for longer than the TTL may have been reaped; it must not write).
// - Release: remove the scenes from our list; on shutdown we destroy our tag.
// - Reap: tags of workers silent for over the TTL are destroyed by whoever notices. That also
//   removes an old-style claim tag (0.1 workers tagged the scenes) from every scene at once.
import { PhashVaapiError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { ClaimBackend, ClaimedScene } from './claim-backend.js';
import {
  claimDescription,
  claimedScenes,
  claimTagName,
  clockOffsetMs,
  isClaimTagName,
  isLive,
  scenesClaimedByOthers,
  type ClaimTag,
} from './lease.js';

export class ClaimLostError extends PhashVaapiError {}

export interface ClaimManagerOptions<S extends ClaimedScene> {
  backend: ClaimBackend<S>;
  prefix: string;
  workerId: string;
  ttlMs: number;
  logger: Logger;
  now?: () => number;
}

export interface ClaimResult<S extends ClaimedScene> {
  /** The scenes we hold, read after claiming (fresh data). */
  won: S[];
  lost: string[];
}

export interface ClaimSurvey {
  /** Scenes listed by other claim tags not known to be stale (discovery skips them). */
  claimed: Set<string>;
  /** Tags of workers silent for over the TTL. */
  stale: ClaimTag[];
  /** Live old-style tags: their claims are on the scenes, so discovery excludes these tags. */
  legacyLive: ClaimTag[];
  /** Other live workers. */
  liveOthers: ClaimTag[];
}

export class ClaimManager<S extends ClaimedScene = ClaimedScene> {
  readonly tagName: string;
  private tag: ClaimTag | null = null;
  /** start() was called: our tag may exist in Stash even if its creation never answered. */
  private registering = false;
  private offsetMs = 0;
  private lastBeatLocalMs = 0;
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
  /** The tail of our serialized tag writes, and the write queued behind it (not started yet). */
  private writes: Promise<void> = Promise.resolve();
  private queued: Promise<void> | null = null;
  conflicts = 0;

  constructor(private readonly options: ClaimManagerOptions<S>) {
    this.tagName = claimTagName(options.prefix, options.workerId);
    this.now = options.now ?? Date.now;
  }

  get tagId(): string | null {
    return this.tag?.id ?? null;
  }

  get heldSceneIds(): string[] {
    return [...this.held];
  }

  // Creates our claim tag and starts heartbeating.
  async start(): Promise<void> {
    await this.register();
    const interval = Math.max(250, Math.floor(this.options.ttlMs / 4));
    this.timer = setInterval(() => void this.heartbeat().catch(() => undefined), interval);
    this.timer.unref();
  }

  // Rewrites our tag (its list unchanged) so Stash bumps its updated_at.
  heartbeat(): Promise<void> {
    return this.write();
  }

  // Queues one write of our whole list. A write queued but not started yet already covers any
  // later change (it reads the list when it starts), so callers share it instead of queueing more.
  private write(): Promise<void> {
    if (this.queued) return this.queued;
    const run = this.writes
      .catch(() => undefined)
      .then(() => {
        this.queued = null;
        return this.writeNow();
      });
    this.queued = run;
    this.writes = run;
    return run;
  }

  private async writeNow(): Promise<void> {
    if (!this.tag) return;
    const sent = this.now();
    if (sent - this.lastBeatLocalMs > this.options.ttlMs * 0.9 && this.held.size > 0) {
      // Our lease lapsed before this write: others may have reaped us and taken our scenes, even
      // if our tag is still there when this write lands. What we held is lost.
      this.options.logger.warn('claim lease lapsed; dropping our claims', { tag: this.tagName });
      this.held.clear();
    }
    const updated = await this.options.backend.updateTagDescription(this.tag.id, this.describe());
    if (!updated) {
      // Someone reaped us while we were cut off: every claim we held is gone.
      this.options.logger.warn('our claim tag was removed by another worker; re-registering', {
        tag: this.tagName,
      });
      this.held.clear();
      return this.register();
    }
    this.learn(updated, sent);
  }

  private async register(): Promise<void> {
    this.registering = true;
    const sent = this.now();
    this.learn(await this.options.backend.createTag(this.tagName, this.describe()), sent);
  }

  private learn(tag: ClaimTag, sent: number): void {
    this.tag = tag;
    this.offsetMs = clockOffsetMs(tag.updatedAt, sent, this.now());
    this.lastBeatLocalMs = sent;
  }

  private describe(): string {
    return claimDescription(this.options.workerId, this.options.ttlMs, this.now(), this.held);
  }

  private stashNow(): number {
    return this.now() + this.offsetMs;
  }

  private async claimTags(): Promise<ClaimTag[]> {
    const tags = await this.options.backend.findClaimTags(this.options.prefix);
    return tags.filter((t) => isClaimTagName(t.name, this.options.prefix));
  }

  // Claim tags of all workers: what others claim, stale tags (dead workers), live old-style ones.
  async survey(): Promise<ClaimSurvey> {
    const others = (await this.claimTags()).filter((t) => t.id !== this.tag?.id);
    const now = this.stashNow();
    const live = (t: ClaimTag) => isLive(t, now, this.options.ttlMs);
    return {
      claimed: scenesClaimedByOthers(others, null, now, this.options.ttlMs),
      stale: others.filter((t) => !live(t)),
      legacyLive: others.filter((t) => live(t) && claimedScenes(t.description) === null),
      liveOthers: others.filter(live),
    };
  }

  // Destroys stale workers' tags (which releases their claims). Returns how many were reaped.
  async reapStale(stale: readonly ClaimTag[]): Promise<number> {
    let reaped = 0;
    for (const tag of stale) {
      await this.options.backend.destroyTag(tag.id).then(
        () => {
          reaped++;
          this.options.logger.info('released the claims of a silent worker', {
            tag: tag.name,
            lastHeartbeat: tag.updatedAt,
          });
        },
        () => undefined, // another worker reaped it first
      );
    }
    return reaped;
  }

  // Claims as many of `sceneIds` as no other worker holds: one write of our list, one re-read of
  // every claim tag, one more write if some were lost, one read of the scenes won.
  async claim(sceneIds: readonly string[]): Promise<ClaimResult<S>> {
    const ownId = this.requireTag();
    const ids = [...new Set(sceneIds)].filter((id) => !this.held.has(id));
    if (ids.length === 0) return { won: [], lost: [] };
    ids.forEach((id) => this.held.add(id));
    let won: string[];
    try {
      await this.write();
      const tags = await this.claimTags();
      // Our own list as Stash has it: empty if we were reaped (or our lease lapsed) meanwhile.
      const own = tags.find((t) => t.id === this.tag?.id);
      const mine = new Set(own ? (claimedScenes(own.description) ?? []) : []);
      const taken = scenesClaimedByOthers(tags, this.tag?.id ?? ownId, this.stashNow(), this.options.ttlMs);
      won = ids.filter((id) => mine.has(id) && !taken.has(id) && this.held.has(id));
    } catch (error) {
      // Unknown outcome: hold none of them (the next write of our list drops them in Stash too).
      ids.forEach((id) => this.held.delete(id));
      throw error;
    }
    const lost = ids.filter((id) => !won.includes(id));
    if (lost.length > 0) {
      this.conflicts += lost.length;
      await this.release(lost);
    }
    let scenes: S[];
    try {
      scenes = won.length > 0 ? await this.options.backend.readScenes(won) : [];
    } catch (error) {
      won.forEach((id) => this.held.delete(id));
      throw error;
    }
    const gone = won.filter((id) => !scenes.some((s) => s.id === id));
    if (gone.length > 0) await this.release(gone); // deleted since discovery
    return { won: scenes, lost };
  }

  // Throws ClaimLostError unless we still hold `sceneId` under a live lease. Heartbeats first
  // when the last one is older than a quarter TTL, so a worker back from a Stash outage learns
  // whether it was reaped meanwhile (then its claims are gone) before it writes anything.
  async assertHolds(sceneId: string): Promise<void> {
    if (this.now() - this.lastBeatLocalMs > this.options.ttlMs / 4) await this.heartbeat();
    this.assertLeaseValid();
    if (!this.held.has(sceneId))
      throw new ClaimLostError(`scene ${sceneId} is no longer claimed by this worker`);
  }

  // Throws ClaimLostError when our lease may have lapsed (no heartbeat got through for a TTL).
  assertLeaseValid(): void {
    const sinceBeat = this.now() - this.lastBeatLocalMs;
    if (!this.tag || sinceBeat > this.options.ttlMs * 0.9) {
      throw new ClaimLostError(
        `claim lease lapsed: no heartbeat reached Stash for ${Math.round(sinceBeat / 1000)} s`,
      );
    }
  }

  // Takes these scenes off our list (one tag write). They are off our list locally at once, so
  // if Stash is away now the next heartbeat carries the release.
  async release(sceneIds: readonly string[]): Promise<void> {
    const ids = sceneIds.filter((id) => this.held.has(id));
    if (!this.tag || ids.length === 0) return;
    ids.forEach((id) => this.held.delete(id));
    await this.write();
  }

  // Stops heartbeating and destroys our tag, releasing every claim in one mutation.
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.writes.catch(() => undefined);
    const tag = this.tag ?? (this.registering ? await this.findOwnTag() : null);
    this.tag = null;
    this.registering = false;
    this.held.clear();
    if (tag) await this.options.backend.destroyTag(tag.id);
  }

  // Our tag when its creation failed or was cut short (a stop or an outage during start-up):
  // Stash may have applied it without our hearing back, and the name is ours alone.
  private async findOwnTag(): Promise<ClaimTag | null> {
    const tags = await this.options.backend.findClaimTags(this.options.prefix);
    return tags.find((t) => t.name === this.tagName) ?? null;
  }

  private requireTag(): string {
    if (!this.tag) throw new Error('ClaimManager.start() was not called');
    return this.tag.id;
  }
}
