// Thin typed helpers over the operation documents: one Stash operation each (ensureTag and
// findTagByExactName add Stash-specific checks). All take the client first.
import { formatPhash } from '../phash/phash-hex.js';
import type { StashClient } from './client.js';
import { isTagNameTakenError } from './errors.js';
import {
  AddSceneTagsDocument,
  CountScenesNeedingWorkDocument,
  CreateTagDocument,
  DestroyTagDocument,
  FindSceneDocument,
  FindScenesByIdsDocument,
  FindScenesNeedingWorkDocument,
  FindSceneIdsMatchingDocument,
  FindWorkScenesByIdsDocument,
  FindTagsByNameDocument,
  GetConfigurationDocument,
  GetVersionDocument,
  RemoveSceneTagsDocument,
  SetFilePhashDocument,
  SetSceneCoverDocument,
  UpdateTagDescriptionDocument,
  type CriterionModifier,
  type FindSceneQuery,
  type FindScenesByIdsQuery,
  type GetConfigurationQuery,
  type GetVersionQuery,
  type SceneFilterType,
  type TagFieldsFragment,
  type WorkSceneFragment,
} from './generated/graphql.js';

export type WorkScene = WorkSceneFragment;
export type StashTag = TagFieldsFragment;
export type StashConfiguration = GetConfigurationQuery['configuration']['general'];
export type StashVersion = GetVersionQuery;
export type SceneDetails = NonNullable<FindSceneQuery['findScene']>;
export type SceneTagsRow = FindScenesByIdsQuery['findScenes']['scenes'][number];

export type MissingValue = 'phash' | 'cover';

export interface NeedingWorkCriteria {
  /**
   * Stash's is_missing: "phash" (any file lacks one) or "cover"; several are OR-ed; null or an
   * empty list: every scene (the other criteria still apply).
   */
  missing: MissingValue | readonly MissingValue[] | null;
  /** Skip scenes carrying any of these tags (claims, failure markers). */
  excludeTagIds?: readonly string[];
  /** Only scenes with a file path containing this (SQL LIKE; `%`/`_` are wildcards). */
  pathIncludes?: string | null;
  /** Only scenes with a file path matching this regular expression (Go syntax). */
  pathRegex?: string | null;
}

// The scene_filter for scenes that still need work.
export function buildNeedingWorkFilter(c: NeedingWorkCriteria): SceneFilterType {
  const filter: SceneFilterType = {};
  const missing = c.missing === null ? [] : typeof c.missing === 'string' ? [c.missing] : [...c.missing];
  if (missing.length === 1) filter.is_missing = missing[0]!;
  if (c.excludeTagIds && c.excludeTagIds.length > 0) {
    filter.tags = { value: [...c.excludeTagIds], modifier: 'EXCLUDES' };
  }
  // "quoted" keeps Stash from splitting the value into words that are OR-ed.
  if (c.pathIncludes) filter.path = { value: `"${c.pathIncludes}"`, modifier: 'INCLUDES' };
  else if (c.pathRegex) filter.path = { value: c.pathRegex, modifier: 'MATCHES_REGEX' };
  // (a OR b OR ...) AND the rest: the OR chain goes in an AND sub-filter, since a sub-filter
  // combines with its parent's own criteria (one of AND/OR/NOT per level, as Stash requires).
  if (missing.length > 1) filter.AND = orChain(missing);
  return filter;
}

function orChain(missing: readonly MissingValue[]): SceneFilterType {
  const [first, ...rest] = missing;
  const f: SceneFilterType = { is_missing: first! };
  if (rest.length > 0) f.OR = orChain(rest);
  return f;
}

// Scenes matching a scene_filter (count only; no scenes are transferred).
export async function countScenes(client: StashClient, sceneFilter: SceneFilterType): Promise<number> {
  return (await client.request(CountScenesNeedingWorkDocument, { sceneFilter })).findScenes.count;
}

// One page of scene ids matching a filter, in id order.
export async function findSceneIdsMatching(
  client: StashClient,
  sceneFilter: SceneFilterType,
  page: number,
  perPage: number,
): Promise<{ count: number; ids: string[] }> {
  const data = await client.request(FindSceneIdsMatchingDocument, { sceneFilter, page, perPage });
  return { count: data.findScenes.count, ids: data.findScenes.scenes.map((s) => s.id) };
}

// These scenes with everything a worker needs, in the order asked; Stash fails the whole call
// ("scene with id N not found") when one id is unknown.
export async function findWorkScenesByIds(
  client: StashClient,
  sceneIds: readonly (number | string)[],
): Promise<WorkScene[]> {
  if (sceneIds.length === 0) return [];
  const data = await client.request(FindWorkScenesByIdsDocument, { sceneIds: sceneIds.map(Number) });
  return data.findScenes.scenes;
}

// How many scenes match (count only; no scenes are transferred).
export async function countScenesNeedingWork(client: StashClient, c: NeedingWorkCriteria): Promise<number> {
  const data = await client.request(CountScenesNeedingWorkDocument, {
    sceneFilter: buildNeedingWorkFilter(c),
  });
  return data.findScenes.count;
}

// One page of candidates in Stash's seeded random order (stable across pages for one seed).
export async function findScenesNeedingWork(
  client: StashClient,
  c: NeedingWorkCriteria & { page: number; perPage: number; seed: number | bigint },
): Promise<{ count: number; scenes: WorkScene[] }> {
  const data = await client.request(FindScenesNeedingWorkDocument, {
    page: c.page,
    perPage: c.perPage,
    sort: `random_${c.seed}`,
    sceneFilter: buildNeedingWorkFilter(c),
  });
  return data.findScenes;
}

// Current tags and updated_at of these scenes; Stash fails the whole call if one id is unknown.
export async function findScenesByIds(
  client: StashClient,
  sceneIds: readonly string[],
): Promise<SceneTagsRow[]> {
  if (sceneIds.length === 0) return [];
  const ids = sceneIds.map((id) => {
    const n = Number(id);
    if (!Number.isSafeInteger(n))
      throw new TypeError(`Expected a scene id to be an integer string, got \`${id}\``);
    return n;
  });
  const data = await client.request(FindScenesByIdsDocument, { sceneIds: ids });
  return data.findScenes.scenes;
}

// One scene with files, tags and markers, or null when it does not exist.
export async function findScene(client: StashClient, id: string): Promise<SceneDetails | null> {
  return (await client.request(FindSceneDocument, { id })).findScene;
}

// Tags whose name matches (EQUALS is SQL LIKE: case-insensitive, `_`/`%` wildcards).
export async function findTagsByName(
  client: StashClient,
  name: string,
  modifier: CriterionModifier = 'EQUALS',
): Promise<StashTag[]> {
  return (await client.request(FindTagsByNameDocument, { name, modifier })).findTags.tags;
}

const nocase = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

// The tag named exactly `name` (compared case-insensitively, as Stash keeps names unique), or null.
export async function findTagByExactName(client: StashClient, name: string): Promise<StashTag | null> {
  const tags = await findTagsByName(client, name, 'EQUALS');
  return tags.find((t) => t.name === name) ?? tags.find((t) => nocase(t.name) === nocase(name)) ?? null;
}

// Creates a tag; rejects with a StashApiError when the name is taken.
export async function createTag(
  client: StashClient,
  name: string,
  description?: string | null,
): Promise<StashTag> {
  const data = await client.request(CreateTagDocument, { name, description: description ?? null });
  if (!data.tagCreate) throw new TypeError(`Stash returned no tag for tagCreate(${JSON.stringify(name)})`);
  return data.tagCreate;
}

// The tag with this name, created when missing (a concurrent creator's tag is found again).
export async function ensureTag(
  client: StashClient,
  name: string,
  description?: string | null,
): Promise<StashTag> {
  try {
    return await createTag(client, name, description);
  } catch (err) {
    if (!isTagNameTakenError(err)) throw err;
    const existing = await findTagByExactName(client, name);
    if (!existing) throw err;
    return existing;
  }
}

// Rewrites a tag's description (Stash moves its updated_at); null when the tag is gone.
export async function updateTagDescription(
  client: StashClient,
  id: string,
  description: string,
): Promise<StashTag | null> {
  return (await client.request(UpdateTagDescriptionDocument, { id, description })).tagUpdate;
}

// Deletes a tag (it leaves every scene at once).
export async function destroyTag(client: StashClient, id: string): Promise<void> {
  await client.request(DestroyTagDocument, { id });
}

// One atomic bulkSceneUpdate adding tags (adding a tag a scene has already succeeds).
export async function addSceneTags(
  client: StashClient,
  sceneIds: readonly string[],
  tagIds: readonly string[],
) {
  if (sceneIds.length === 0 || tagIds.length === 0) return [];
  const data = await client.request(AddSceneTagsDocument, { sceneIds: [...sceneIds], tagIds: [...tagIds] });
  return data.bulkSceneUpdate ?? [];
}

// One atomic bulkSceneUpdate removing tags.
export async function removeSceneTags(
  client: StashClient,
  sceneIds: readonly string[],
  tagIds: readonly string[],
) {
  if (sceneIds.length === 0 || tagIds.length === 0) return [];
  const data = await client.request(RemoveSceneTagsDocument, {
    sceneIds: [...sceneIds],
    tagIds: [...tagIds],
  });
  return data.bulkSceneUpdate ?? [];
}

// Stores a file's phash (fires no hooks, leaves updated_at alone); null deletes it.
export async function setFilePhash(client: StashClient, fileId: string, phash: bigint | null): Promise<void> {
  await client.request(SetFilePhashDocument, { fileId, phash: phash === null ? null : formatPhash(phash) });
}

// Uploads a scene cover as a data URL (a scene update: runs hooks, moves updated_at).
export async function setSceneCover(
  client: StashClient,
  sceneId: string,
  image: Uint8Array,
  mimeType = 'image/jpeg',
): Promise<void> {
  const cover = `data:${mimeType};base64,${Buffer.from(image).toString('base64')}`;
  await client.request(SetSceneCoverDocument, { sceneId, cover });
}

// configuration.general: generated path, naming algorithm, preview settings, API key...
export async function getConfiguration(client: StashClient): Promise<StashConfiguration> {
  return (await client.request(GetConfigurationDocument)).configuration.general;
}

// version { version hash build_time } and systemStatus { appSchema status }.
export async function getVersion(client: StashClient): Promise<StashVersion> {
  return client.request(GetVersionDocument);
}
