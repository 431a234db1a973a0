// Everything a run could change in a real Stash, read back for before/after comparisons: its data
// over GraphQL (scenes with files, fingerprints, tags, covers and update times; every tag) and its
// generated folder (each file's path and sha256).
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RealStash } from './real-stash.js';

const SNAPSHOT_QUERY = `{
  findScenes(filter: { per_page: -1, sort: "id" }) { count scenes {
    id title details updated_at organized o_counter interactive
    files { id path size duration basename fingerprints { type value } }
    tags { id name }
    paths { screenshot preview webp vtt sprite }
  } }
  findTags(filter: { per_page: -1, sort: "id" }) { count tags { id name description updated_at scene_count } }
}`;

export async function graphqlSnapshot(stash: RealStash): Promise<unknown> {
  return stash.gql(SNAPSHOT_QUERY);
}

// `relative/path sha256` for every file under `dir`, sorted.
export async function folderListing(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  const lines: string[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const sha = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
    lines.push(`${relative(dir, path)} ${sha}`);
  }
  return lines.sort();
}
