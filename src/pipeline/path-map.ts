// Stash's paths are Stash's: a file Stash sees at /data/videos/a.mp4 may be /mnt/nas/videos/a.mp4
// here. Mappings (parsed by config/parse-path-map.ts, longest Stash prefix first) apply the first
// match, and a prefix matches only at a path-segment boundary (/data/v does not map /data/videos).
import type { PathMapping } from '../config/types.js';

// Maps a path as Stash sees it to the local one (unchanged when no mapping applies).
export function toLocalPath(stashPath: string, mappings: readonly PathMapping[]): string {
  for (const m of mappings) {
    if (stashPath === m.stashPrefix) return m.localPrefix;
    if (m.stashPrefix === '/' && stashPath.startsWith('/')) return `${m.localPrefix}${stashPath}`;
    if (stashPath.startsWith(`${m.stashPrefix}/`) || stashPath.startsWith(`${m.stashPrefix}\\`)) {
      return m.localPrefix + stashPath.slice(m.stashPrefix.length).replaceAll('\\', '/');
    }
  }
  return stashPath;
}
