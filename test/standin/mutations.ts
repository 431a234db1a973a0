// The mutations we use, with Stash's checks and error texts. Each one validates everything
// before changing anything, so a failed mutation leaves the state as it was (one transaction).
// mirrors stash internal/api/resolver_mutation_scene.go, resolver_mutation_tag.go,
// resolver_mutation_file.go (FileSetFingerprints) and pkg/tag/validate.go.
import { decodeImageInput } from './cover-image.js';
import { goAtoi, parseGoUint } from './go-strconv.js';
import { findFile } from './seed.js';
import { nowSeconds, type SceneRow, type StandinState, type TagRow } from './state.js';
import { ensureTagNameUnique } from './tag-query.js';

function sceneOrThrow(state: StandinState, id: number): SceneRow {
  const scene = state.scenes.get(id);
  if (!scene) throw new Error(`scene with id ${id} not found`);
  return scene;
}

function tagOrThrow(state: StandinState, id: number): TagRow {
  const tag = state.tags.get(id);
  if (!tag) throw new Error(`tag with id ${id} not found`);
  return tag;
}

export interface BulkSceneUpdateInput {
  ids?: readonly string[] | null;
  tag_ids?: { ids?: readonly string[] | null; mode: 'SET' | 'ADD' | 'REMOVE' } | null;
}

// bulkSceneUpdate: one transaction over all scenes; every scene's updated_at moves.
export function bulkSceneUpdate(state: StandinState, input: BulkSceneUpdateInput): SceneRow[] {
  const scenes = (input.ids ?? []).map((id) => sceneOrThrow(state, goAtoi(id)));
  const tagIds = (input.tag_ids?.ids ?? []).map(goAtoi);
  if (tagIds.some((id) => !state.tags.has(id))) throw new Error('FOREIGN KEY constraint failed');
  const now = nowSeconds(state);
  for (const scene of scenes) {
    const mode = input.tag_ids?.mode;
    if (mode === 'SET') scene.tagIds = [...new Set(tagIds)];
    if (mode === 'ADD') scene.tagIds = [...new Set([...scene.tagIds, ...tagIds])];
    if (mode === 'REMOVE') scene.tagIds = scene.tagIds.filter((id) => !tagIds.includes(id));
    scene.tagIds.sort((a, b) => a - b);
    scene.updatedAt = now;
  }
  state.sceneHookRuns += scenes.length;
  return scenes;
}

// sceneUpdate(id, cover_image): stores the decoded cover bytes.
export function sceneUpdate(
  state: StandinState,
  input: { id: string; cover_image?: string | null },
): SceneRow {
  const scene = sceneOrThrow(state, goAtoi(input.id));
  let cover: Buffer | null | undefined;
  if (input.cover_image !== undefined && input.cover_image !== null) {
    try {
      cover = decodeImageInput(input.cover_image);
    } catch (err) {
      throw new Error(`processing cover image: ${(err as Error).message}`, { cause: err });
    }
  }
  if (cover !== undefined) scene.cover = cover;
  scene.updatedAt = nowSeconds(state);
  state.sceneHookRuns++;
  return scene;
}

export interface FileSetFingerprintsInput {
  id: string;
  fingerprints: readonly { type: string; value?: string | null }[];
}

// fileSetFingerprints: upserts per type (phash parsed as hex uint64), null deletes; no updated_at.
export function fileSetFingerprints(state: StandinState, input: FileSetFingerprintsInput): boolean {
  let fileId: number;
  try {
    fileId = goAtoi(input.id);
  } catch (err) {
    throw new Error(`converting id: ${(err as Error).message}`, { cause: err });
  }
  const upserts: { type: string; value: string | bigint }[] = [];
  const deletes: string[] = [];
  for (const fp of input.fingerprints) {
    if (fp.type === 'md5' || fp.type === 'oshash') throw new Error(`cannot modify ${fp.type} fingerprint`);
    if (fp.value === null || fp.value === undefined) {
      deletes.push(fp.type);
    } else if (fp.type === 'phash') {
      try {
        upserts.push({ type: fp.type, value: parseGoUint(fp.value, 16) });
      } catch (err) {
        throw new Error(`converting phash ${fp.value}: ${(err as Error).message}`, { cause: err });
      }
    } else {
      upserts.push({ type: fp.type, value: fp.value });
    }
  }
  const file = findFile(state, fileId);
  if (upserts.length > 0 && !file) throw new Error('modifying fingerprints: FOREIGN KEY constraint failed');
  if (!file) return true;
  const changed = new Set([...upserts.map((u) => u.type), ...deletes]);
  file.fingerprints = [...file.fingerprints.filter((f) => !changed.has(f.type)), ...upserts];
  if (upserts.some((u) => u.type === 'phash'))
    state.phashWrites.set(fileId, (state.phashWrites.get(fileId) ?? 0) + 1);
  return true;
}

export interface TagCreateInput {
  name: string;
  description?: string | null;
  aliases?: readonly string[] | null;
}

// tagCreate: names are unique case-insensitively against names and aliases.
export function tagCreate(state: StandinState, input: TagCreateInput): TagRow {
  const name = input.name.trim();
  if (name === '') throw new Error('tag name must not be blank');
  ensureTagNameUnique(state, 0, name);
  for (const alias of input.aliases ?? []) ensureTagNameUnique(state, 0, alias);
  const now = nowSeconds(state);
  const tag: TagRow = {
    id: state.next.tag++,
    name,
    description: input.description ?? '',
    aliases: [...(input.aliases ?? [])],
    createdAt: now,
    updatedAt: now,
  };
  state.tags.set(tag.id, tag);
  return tag;
}

// tagUpdate(id, name?, description?): updated_at moves on every update.
export function tagUpdate(
  state: StandinState,
  input: { id: string; name?: string | null; description?: string | null },
): TagRow {
  const tag = tagOrThrow(state, goAtoi(input.id));
  const name = input.name === undefined || input.name === null ? undefined : input.name.trim();
  if (name !== undefined) {
    if (name === '') throw new Error('tag name must not be blank');
    ensureTagNameUnique(state, tag.id, name);
    tag.name = name;
  }
  if ('description' in input) tag.description = input.description ?? '';
  tag.updatedAt = nowSeconds(state);
  return tag;
}

// tagDestroy: the tag leaves every scene (an FK cascade: scenes' updated_at stays).
export function tagDestroy(state: StandinState, input: { id: string }): boolean {
  const id = goAtoi(input.id);
  const tag = state.tags.get(id);
  // Stash's destroy reports an unknown id in its own words (unlike tagUpdate's "tag with id N not found").
  if (!tag) throw new Error(`id ${id} does not exist in tags`);
  const scenes = [...state.scenes.values()];
  if (scenes.some((s) => s.markers.some((m) => m.primaryTagId === tag.id))) {
    throw new Error('FOREIGN KEY constraint failed');
  }
  for (const scene of scenes) scene.tagIds = scene.tagIds.filter((id) => id !== tag.id);
  state.tags.delete(tag.id);
  return true;
}
