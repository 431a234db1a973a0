// What the claim protocol needs from Stash. The real implementation speaks GraphQL
// (stash-claim-backend.ts); tests may use an in-memory one.
import type { ClaimTag } from './lease.js';

/** A scene as the claim re-read returns it; S carries whatever else the backend reads with it. */
export interface ClaimedScene {
  id: string;
  tagIds: string[];
}

export interface ClaimBackend<S extends ClaimedScene = ClaimedScene> {
  /** Every tag whose name contains `prefix` (the caller re-checks names exactly). */
  findClaimTags(prefix: string): Promise<ClaimTag[]>;
  /** Creates a tag; rejects if the name is taken. */
  createTag(name: string, description: string): Promise<ClaimTag>;
  /** Rewrites the tag's description; resolves to the tag with Stash's new updated_at, or null if it is gone. */
  updateTagDescription(tagId: string, description: string): Promise<ClaimTag | null>;
  destroyTag(tagId: string): Promise<void>;
  /** One atomic bulkSceneUpdate ADD. */
  addSceneTag(sceneIds: readonly string[], tagId: string): Promise<void>;
  /** One atomic bulkSceneUpdate REMOVE. */
  removeSceneTags(sceneIds: readonly string[], tagIds: readonly string[]): Promise<void>;
  /** Every scene carrying this tag, with its current tags (deleted scenes are simply absent). */
  scenesWithTag(tagId: string): Promise<S[]>;
}
