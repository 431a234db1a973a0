// What the claim protocol needs from Stash. The real implementation speaks GraphQL
// (stash-claim-backend.ts); tests may use an in-memory one. Every write is to a tag: claims,
// heartbeats, releases and reaping never update a scene (scene updates run users' hooks).
import type { ClaimTag } from './lease.js';

/** A scene as read after a claim; S carries whatever else the backend reads with it. */
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
  /** Destroys a tag (Stash also removes it from every scene carrying it: old-style claims). */
  destroyTag(tagId: string): Promise<void>;
  /** These scenes, freshly read; deleted scenes are simply absent. */
  readScenes(sceneIds: readonly string[]): Promise<S[]>;
}
