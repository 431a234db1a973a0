// Reusing a phash Stash already knows for identical content: the first other file with the same
// oshash that has a phash (stash internal/manager/task_generate_phash.go findExistingPhash).
import type { StashClient } from './client.js';
import { FindScenesByOshashDocument } from './generated/graphql.js';

// The phash (unpadded hex) of another file with this oshash, or null.
export async function findPhashByOshash(
  client: StashClient,
  oshash: string,
  exceptFileId: string,
): Promise<string | null> {
  const data = await client.request(FindScenesByOshashDocument, { oshash });
  for (const scene of data.findScenes.scenes) {
    for (const file of scene.files) {
      if (file.id === exceptFileId) continue;
      const fps = new Map(file.fingerprints.map((f) => [f.type, String(f.value)]));
      // Stash's EQUALS is LIKE (case-insensitive, wildcards): compare exactly here.
      if (fps.get('oshash') === oshash && fps.has('phash')) return fps.get('phash')!;
    }
  }
  return null;
}
