// Reading a scene's files the way Stash's Generate does: files come primary-first, fingerprints
// are typed strings ("oshash", "md5", "phash").
import type { WorkScene } from '../stash/api.js';

export type SceneFile = WorkScene['files'][number];

// The value of one fingerprint type of a file, or null.
export function fingerprint(file: SceneFile, type: 'oshash' | 'md5' | 'phash'): string | null {
  const fp = file.fingerprints.find((f) => f.type === type);
  return fp ? String(fp.value) : null;
}
