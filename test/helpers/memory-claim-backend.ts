// An in-memory Stash for the claim protocol: linearizable like Stash's single-writer database,
// with optional random latency so concurrent workers interleave, and its own (skewed) clock.
// `sceneTags` holds old-style claims (tags on scenes, written by 0.1 workers) and counts scene
// updates, which the claim protocol must never make.
import type { ClaimBackend } from '../../src/claims/claim-backend.js';
import type { ClaimTag } from '../../src/claims/lease.js';

export class MemoryClaimBackend implements ClaimBackend {
  tags = new Map<string, ClaimTag & { description: string }>();
  sceneTags = new Map<string, Set<string>>();
  /** Scenes that no longer exist. */
  deleted = new Set<string>();
  /** Tag writes (create, update, destroy), for asserting what a protocol step costs. */
  tagWrites = 0;
  private nextId = 1;

  constructor(
    private readonly clock: () => number,
    private readonly maxLatencyMs = 0,
  ) {}

  private async tick(): Promise<void> {
    if (this.maxLatencyMs > 0) await new Promise((r) => setTimeout(r, Math.random() * this.maxLatencyMs));
  }

  private stamp(): string {
    return new Date(Math.floor(this.clock() / 1000) * 1000).toISOString().replace('.000Z', 'Z');
  }

  async findClaimTags(prefix: string): Promise<ClaimTag[]> {
    await this.tick();
    return [...this.tags.values()]
      .filter((t) => t.name.toLowerCase().includes(prefix.toLowerCase()))
      .map((t) => ({ ...t }));
  }

  async createTag(name: string, description: string): Promise<ClaimTag> {
    await this.tick();
    if ([...this.tags.values()].some((t) => t.name.toLowerCase() === name.toLowerCase())) {
      throw new Error(`tag with name '${name}' already exists`);
    }
    this.tagWrites++;
    const tag = { id: String(this.nextId++), name, description, updatedAt: this.stamp() };
    this.tags.set(tag.id, tag);
    return { ...tag };
  }

  async updateTagDescription(tagId: string, description: string): Promise<ClaimTag | null> {
    await this.tick();
    const tag = this.tags.get(tagId);
    if (!tag) return null;
    this.tagWrites++;
    Object.assign(tag, { description, updatedAt: this.stamp() });
    return { ...tag };
  }

  async destroyTag(tagId: string): Promise<void> {
    await this.tick();
    if (!this.tags.delete(tagId)) throw new Error(`tag ${tagId} not found`);
    this.tagWrites++;
    for (const set of this.sceneTags.values()) set.delete(tagId);
  }

  // An old-style (0.1) claim: the tag added to the scenes themselves.
  addSceneTag(sceneIds: readonly string[], tagId: string): void {
    for (const id of sceneIds) {
      const set = this.sceneTags.get(id) ?? new Set();
      set.add(tagId);
      this.sceneTags.set(id, set);
    }
  }

  async readScenes(sceneIds: readonly string[]): Promise<{ id: string; tagIds: string[] }[]> {
    await this.tick();
    return sceneIds
      .filter((id) => !this.deleted.has(id))
      .map((id) => ({ id, tagIds: [...(this.sceneTags.get(id) ?? [])] }));
  }

  // The scene ids a tag's description lists (what a person reads in Stash's tag list).
  listed(tagId: string): string[] {
    return (
      /; scenes: ([0-9,]*)$/
        .exec(this.tags.get(tagId)?.description ?? '')?.[1]
        ?.split(',')
        .filter(Boolean) ?? []
    );
  }
}
