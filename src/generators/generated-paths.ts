// Stash's generated-folder layout and `<hash>` naming (stash pkg/models/paths/paths_generated.go,
// paths_scenes.go, paths_scene_markers.go; pkg/models/model_scene.go GetHash). Pure: no I/O.
// Clean-generated only recognises these exact names, and the UI only finds files under them.
import { join } from 'node:path';
import { PhashVaapiError } from '../errors.js';

export type NamingAlgorithm = 'OSHASH' | 'MD5';

export interface FingerprintedFile {
  readonly fingerprints: readonly { readonly type: string; readonly value: unknown }[];
}

// The scene has no usable fingerprint to name its generated files after.
export class ArtifactHashError extends PhashVaapiError {}

const FORMAT = {
  OSHASH: { type: 'oshash', pattern: /^[0-9a-f]{16}$/ },
  MD5: { type: 'md5', pattern: /^[0-9a-f]{32}$/ },
} as const;

// The primary file's (files[0]) oshash or md5, lowercase, as Stash names generated files.
export function sceneArtifactHash(files: readonly FingerprintedFile[], algorithm: NamingAlgorithm): string {
  const { type, pattern } = FORMAT[algorithm];
  const primary = files[0];
  if (!primary) throw new ArtifactHashError('the scene has no file to name generated files after');
  const raw = primary.fingerprints.find((f) => f.type.toLowerCase() === type)?.value;
  if (typeof raw !== 'string' || raw === '') {
    throw new ArtifactHashError(
      `the scene's primary file has no ${type} fingerprint (naming algorithm ${algorithm})`,
    );
  }
  const hash = raw.toLowerCase();
  if (!pattern.test(hash))
    throw new ArtifactHashError(`the primary file's ${type} is malformed: ${JSON.stringify(raw)}`);
  return hash;
}

// <generated>/vtt/<hash>_sprite.jpg (GetSpriteImageFilePath).
export function spritePath(generated: string, hash: string): string {
  return join(generated, 'vtt', `${hash}_sprite.jpg`);
}

// <generated>/vtt/<hash>_thumbs.vtt (GetSpriteVttFilePath).
export function vttPath(generated: string, hash: string): string {
  return join(generated, 'vtt', `${hash}_thumbs.vtt`);
}

// <generated>/screenshots/<hash>.mp4 (GetVideoPreviewPath).
export function previewPath(generated: string, hash: string): string {
  return join(generated, 'screenshots', `${hash}.mp4`);
}

// <generated>/screenshots/<hash>.webp (GetWebpPreviewPath).
export function webpPath(generated: string, hash: string): string {
  return join(generated, 'screenshots', `${hash}.webp`);
}

export interface MarkerPaths {
  readonly video: string;
  readonly webp: string;
  readonly screenshot: string;
}

// <generated>/markers/<hash>/<int(seconds)>.mp4|.webp|.jpg; Go's int() truncates toward zero.
export function markerPaths(generated: string, hash: string, seconds: number): MarkerPaths {
  const base = join(generated, 'markers', hash, String(Math.trunc(seconds)));
  return { video: `${base}.mp4`, webp: `${base}.webp`, screenshot: `${base}.jpg` };
}
