// An in-memory Stash for the claim protocol: linearizable like Stash's single-writer database,
// with optional random latency so concurrent workers interleave, and its own (skewed) clock.
import type { ClaimBackend } from '../../src/claims/claim-backend.js';
import type { ClaimTag } from '../../src/claims/lease.js';

export class MemoryClaimBackend implements ClaimBackend {
  tags = new Map<string, ClaimTag & { description: string }>();
  sceneTags = new Map<string, Set<string>>();
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
    const tag = { id: String(this.nextId++), name, description, updatedAt: this.stamp() };
    this.tags.set(tag.id, tag);
    return { ...tag };
  }

  async updateTagDescription(tagId: string, description: string): Promise<ClaimTag | null> {
    await this.tick();
    const tag = this.tags.get(tagId);
    if (!tag) return null;
    Object.assign(tag, { description, updatedAt: this.stamp() });
    return { ...tag };
  }

  async destroyTag(tagId: string): Promise<void> {
    await this.tick();
    if (!this.tags.delete(tagId)) throw new Error(`tag ${tagId} not found`);
    for (const set of this.sceneTags.values()) set.delete(tagId);
  }

  async addSceneTag(sceneIds: readonly string[], tagId: string): Promise<void> {
    await this.tick();
    for (const id of sceneIds) {
      const set = this.sceneTags.get(id) ?? new Set();
      set.add(tagId);
      this.sceneTags.set(id, set);
    }
  }

  async removeSceneTags(sceneIds: readonly string[], tagIds: readonly string[]): Promise<void> {
    await this.tick();
    for (const id of sceneIds) for (const t of tagIds) this.sceneTags.get(id)?.delete(t);
  }

  async scenesWithTag(tagId: string): Promise<{ id: string; tagIds: string[] }[]> {
    await this.tick();
    return [...this.sceneTags]
      .filter(([, tags]) => tags.has(tagId))
      .map(([id, tags]) => ({ id, tagIds: [...tags] }));
  }
}
