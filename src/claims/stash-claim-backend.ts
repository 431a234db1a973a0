// The claim protocol's needs, answered by Stash over GraphQL (one operation each).
import {
  addSceneTags,
  createTag,
  destroyTag,
  findTagsByName,
  removeSceneTags,
  updateTagDescription,
  type StashTag,
  type WorkScene,
} from '../stash/api.js';
import type { StashClient } from '../stash/client.js';
import { StashApiError } from '../stash/errors.js';
import { FindScenesWithTagDocument } from '../stash/generated/graphql.js';
import type { ClaimBackend } from './claim-backend.js';

export type ClaimedWorkScene = WorkScene & { tagIds: string[] };
import type { ClaimTag } from './lease.js';

const toClaimTag = (t: StashTag): ClaimTag => ({ id: t.id, name: t.name, updatedAt: String(t.updated_at) });

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
    addSceneTag: async (sceneIds, tagId) => void (await addSceneTags(client, sceneIds, [tagId])),
    removeSceneTags: async (sceneIds, tagIds) => void (await removeSceneTags(client, sceneIds, tagIds)),
    scenesWithTag: async (tagId) => {
      const data = await client.request(FindScenesWithTagDocument, { tagId });
      return data.findScenes.scenes.map((scene) => ({ ...scene, tagIds: scene.tags.map((t) => t.id) }));
    },
  };
}
