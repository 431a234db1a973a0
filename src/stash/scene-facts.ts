// Facts about one scene that Stash only answers through its filters.
import type { StashClient } from './client.js';
import { CountScenesNeedingWorkDocument } from './generated/graphql.js';

// True when the scene has no cover (Stash's is_missing: "cover" = cover_blob IS NULL).
export async function sceneLacksCover(client: StashClient, sceneId: string): Promise<boolean> {
  const sceneFilter = { is_missing: 'cover', id: { value: Number(sceneId), modifier: 'EQUALS' as const } };
  return (await client.request(CountScenesNeedingWorkDocument, { sceneFilter })).findScenes.count > 0;
}
