// The claim protocol's needs, answered by Stash over GraphQL (one operation each). Only tags are
// written here: a claim never updates a scene.
import {
  createTag,
  destroyTag,
  findTagsByName,
  findWorkScenesByIds,
  updateTagDescription,
  type StashTag,
  type WorkScene,
} from '../stash/api.js';
import type { StashClient } from '../stash/client.js';
import { StashApiError } from '../stash/errors.js';
import type { ClaimBackend } from './claim-backend.js';
import type { ClaimTag } from './lease.js';

export type ClaimedWorkScene = WorkScene & { tagIds: string[] };

const toClaimTag = (t: StashTag): ClaimTag => ({
  id: t.id,
  name: t.name,
  updatedAt: String(t.updated_at),
  description: t.description ?? '',
});

// A ClaimBackend over a Stash client.
export function createStashClaimBackend(client: StashClient): ClaimBackend<ClaimedWorkScene> {
  return {
    findClaimTags: async (prefix) => (await findTagsByName(client, prefix, 'INCLUDES')).map(toClaimTag),
    createTag: async (name, description) => toClaimTag(await createTag(client, name, description)),
    updateTagDescription: async (id, description) => {
      try {
        const tag = await updateTagDescription(client, id, description);
        return tag ? toClaimTag(tag) : null;
      } catch (error) {
        // Stash answers "tag with id N not found" (a resolver error) once another worker reaped us.
        if (error instanceof StashApiError && !error.retryable && /not found/i.test(error.message))
          return null;
        throw error;
      }
    },
    destroyTag: (id) => destroyTag(client, id),
    readScenes: async (sceneIds) => {
      const scenes = await readExisting(client, sceneIds);
      return scenes.map((scene) => ({ ...scene, tagIds: scene.tags.map((t) => t.id) }));
    },
  };
}

// Stash fails a whole scene_ids lookup when one scene is gone ("scene with id N not found"): a
// scene deleted since discovery is dropped and the others are read again.
async function readExisting(client: StashClient, sceneIds: readonly string[]): Promise<WorkScene[]> {
  let ids = [...sceneIds];
  for (;;) {
    if (ids.length === 0) return [];
    try {
      return await findWorkScenesByIds(client, ids);
    } catch (error) {
      const gone = error instanceof StashApiError && /scene with id (\d+) not found/i.exec(error.message);
      if (!gone || !ids.includes(gone[1]!)) throw error;
      ids = ids.filter((id) => id !== gone[1]);
    }
  }
}
