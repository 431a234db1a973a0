// The claim protocol (README "Claims"): at most one live worker works on a scene, and claims of a
// worker that dies (even kill -9) stop counting after the lease TTL and are then removed by others.
//
// - Register: create our own claim tag `<prefix> <workerId>` and heartbeat on its description
//   every TTL/4. Heartbeats touch only our tag, never scenes (scene updates run users' hooks).
// - Claim: one bulk ADD of our tag to the candidate scenes, one re-read, and we keep a scene only
//   if no other live worker's tag is on it (decideClaim); lost scenes get one bulk REMOVE.
// - Fence: before writing results, check that our lease has not lapsed (a worker cut off from
//   Stash for longer than the TTL may have been reaped; it must not write).
// - Release: one bulk REMOVE; on shutdown we destroy our tag, which releases everything at once.
// - Reap: tags of workers silent for over the TTL are destroyed by whoever notices.
import { PhashVaapiError } from '../errors.js';
import type { Logger } from '../observability/logger.js';
import type { ClaimBackend, ClaimedScene } from './claim-backend.js';
import { claimTagName, clockOffsetMs, decideClaim, isClaimTagName, isLive, type ClaimTag } from './lease.js';

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
  /** The scenes we hold, as re-read after claiming (fresh data). */
  won: S[];
  lost: string[];
}

export class ClaimManager<S extends ClaimedScene = ClaimedScene> {
  readonly tagName: string;
  private tag: ClaimTag | null = null;
  private offsetMs = 0;
  private lastBeatLocalMs = 0;
  private readonly held = new Set<string>();
  private timer: NodeJS.Timeout | null = null;
  private readonly now: () => number;
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
    const sent = this.now();
    this.tag = await this.options.backend.createTag(this.tagName, this.describe());
    await this.beat(sent);
    const interval = Math.max(250, Math.floor(this.options.ttlMs / 4));
    this.timer = setInterval(() => void this.heartbeat().catch(() => undefined), interval);
    this.timer.unref();
  }

  // Rewrites our tag's description so Stash bumps its updated_at; learns Stash's clock offset.
  async heartbeat(): Promise<void> {
    if (!this.tag) return;
    await this.beat(this.now());
  }

  private async beat(sent: number): Promise<void> {
    if (!this.tag) return;
    const updated = await this.options.backend.updateTagDescription(this.tag.id, this.describe());
    const received = this.now();
    if (!updated) {
      // Someone reaped us while we were cut off: every claim we held is gone.
      this.options.logger.warn('our claim tag was removed by another worker; re-registering', {
        tag: this.tagName,
      });
      this.held.clear();
      this.tag = await this.options.backend.createTag(this.tagName, this.describe());
      return this.beat(this.now());
    }
    this.tag = updated;
    this.offsetMs = clockOffsetMs(updated.updatedAt, sent, received);
    this.lastBeatLocalMs = sent;
  }

  private describe(): string {
    return `phashvaapi worker ${this.options.workerId}; heartbeat ${new Date(this.now()).toISOString()}; lease ${Math.round(this.options.ttlMs / 1000)} s`;
  }

  private stashNow(): number {
    return this.now() + this.offsetMs;
  }

  // Claim tags of all workers, split into other live ones and stale ones (dead workers).
  async survey(): Promise<{ liveOthers: ClaimTag[]; stale: ClaimTag[] }> {
    const tags = (await this.options.backend.findClaimTags(this.options.prefix)).filter((t) =>
      isClaimTagName(t.name, this.options.prefix),
    );
    const others = tags.filter((t) => t.id !== this.tag?.id);
    const now = this.stashNow();
    return {
      liveOthers: others.filter((t) => isLive(t, now, this.options.ttlMs)),
      stale: others.filter((t) => !isLive(t, now, this.options.ttlMs)),
    };
  }

  // Destroys stale workers' tags (which releases their scenes). Returns how many were reaped.
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

  // Claims as many of `sceneIds` as no other live worker holds: one bulk ADD, one re-read of the
  // scenes carrying our tag, one bulk REMOVE for the scenes another live worker also claimed.
  async claim(sceneIds: readonly string[], liveOthers: readonly ClaimTag[]): Promise<ClaimResult<S>> {
    const tagId = this.requireTag();
    if (sceneIds.length === 0) return { won: [], lost: [] };
    await this.options.backend.addSceneTag(sceneIds, tagId);
    sceneIds.forEach((id) => this.held.add(id));
    const carrying = new Map((await this.options.backend.scenesWithTag(tagId)).map((s) => [s.id, s]));
    const live = new Set(liveOthers.map((t) => t.id));
    const won: S[] = [];
    const lost: string[] = [];
    for (const id of new Set(sceneIds)) {
      const scene = carrying.get(id);
      if (scene && decideClaim(scene.tagIds, tagId, live) === 'won') won.push(scene);
      else lost.push(id);
    }
    if (lost.length > 0) {
      this.conflicts += lost.length;
      await this.release(lost);
    }
    return { won, lost };
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

  // Removes our tag from these scenes (one bulk update).
  async release(sceneIds: readonly string[]): Promise<void> {
    const tagId = this.tag?.id;
    const ids = sceneIds.filter((id) => this.held.has(id));
    if (!tagId || ids.length === 0) return;
    await this.options.backend.removeSceneTags(ids, [tagId]);
    ids.forEach((id) => this.held.delete(id));
  }

  // Stops heartbeating and destroys our tag, releasing every claim in one mutation.
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    const tag = this.tag;
    this.tag = null;
    this.held.clear();
    if (tag) await this.options.backend.destroyTag(tag.id);
  }

  private requireTag(): string {
    if (!this.tag) throw new Error('ClaimManager.start() was not called');
    return this.tag.id;
  }
}
