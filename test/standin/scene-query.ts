// findScenes: filter, sort, count and page the way Stash's SceneStore.Query does.
// mirrors stash pkg/sqlite/scene.go (sceneSortOptions, setSceneSort: every sort ends with
// `COALESCE(scenes.title, scenes.id) COLLATE NATURAL_CI ASC`) and internal/api/resolver_query_find_scene.go.
import { dirname } from 'node:path';
import { matchString, or3, type Tri } from './criteria.js';
import { paginate, sortByKeys, type FindFilter, type SortKey, type Tiebreak } from './find-filter.js';
import { goAtoi } from './go-strconv.js';
import { parseRandomSeed, randomSeed, randomSortKeys } from './random-sort.js';
import { sceneMatches, type SceneFilter } from './scene-filter.js';
import type { SceneRow, StandinState } from './state.js';

export interface FindScenesArgs {
  scene_filter?: SceneFilter | null;
  scene_ids?: readonly number[] | null;
  ids?: readonly string[] | null;
  filter?: FindFilter | null;
}

// Valid scene sorts in v0.30.1 (sceneSortOptions); the stand-in implements the ones in SCENE_SORTS.
const STASH_SCENE_SORTS = new Set(
  'bitrate created_at code date file_count filesize duration file_mod_time framerate group_scene_number id interactive interactive_speed last_o_at last_played_at movie_scene_number o_counter organized performer_count play_count play_duration resume_time path perceptual_similarity random rating resolution studio tag_count title updated_at performer_age'.split(
    ' ',
  ),
);

// zero.String stores "" as NULL, hence the COALESCEs.
const titleOr = (scene: SceneRow, fallback: string): string => (scene.title !== '' ? scene.title : fallback);
const primary = (scene: SceneRow) => scene.files[0];

const SCENE_SORTS: Record<string, (scene: SceneRow) => SortKey> = {
  id: (s) => s.id,
  created_at: (s) => s.createdAt,
  updated_at: (s) => s.updatedAt,
  duration: (s) => primary(s)?.duration ?? -1,
  filesize: (s) => primary(s)?.size ?? -1,
  file_count: (s) => s.files.length,
  tag_count: (s) => s.tagIds.length,
  // COALESCE(folders.path, '') || COALESCE(files.basename, ''): no separator, as Stash writes it.
  path: (s) => (primary(s) ? dirname(primary(s)!.path) + primary(s)!.basename : ''),
  title: (s) => titleOr(s, primary(s)?.basename ?? ''),
};

// title sorts by folder next; every sort ends with COALESCE(title, id), then (SQLite's scan) id.
const folder = (s: SceneRow): SortKey => (primary(s) ? dirname(primary(s)!.path) : '');
const TIEBREAKS: Tiebreak<SceneRow>[] = [{ key: (s) => titleOr(s, String(s.id)) }, { key: (s) => s.id }];

function sortScenes(scenes: SceneRow[], filter: FindFilter | null | undefined): SceneRow[] {
  const sort = filter?.sort ?? '';
  // No ORDER BY: SQLite returns rowid (id) order.
  if (sort === '') return scenes.sort((a, b) => a.id - b.id);
  const direction = filter?.direction === 'DESC' ? 'DESC' : 'ASC';
  let primaryKey: (s: SceneRow) => SortKey;
  if (sort.startsWith('random_') || sort === 'random') {
    const seed = sort === 'random' ? randomSeed(Math.random) : parseRandomSeed(sort);
    if (seed === null) throw new Error(`invalid random seed: ${sort.slice('random_'.length)}`);
    const key = randomSortKeys(seed);
    primaryKey = (s) => key(s.id);
  } else if (SCENE_SORTS[sort]) {
    primaryKey = SCENE_SORTS[sort];
  } else if (STASH_SCENE_SORTS.has(sort)) {
    throw new Error(`stand-in: scene sort ${sort} is not implemented`);
  } else {
    throw new Error(`invalid sort: ${sort}`);
  }
  // title's folder tiebreak follows the sort direction in Stash; the final ones are always ASC.
  const tiebreaks =
    sort === 'title' ? [{ key: folder, descending: direction === 'DESC' }, ...TIEBREAKS] : TIEBREAKS;
  return sortByKeys(scenes, primaryKey, tiebreaks, direction);
}

// Free-text `q`: any word in the title or a file path (a subset of Stash's searched columns).
function matchesQuery(scene: SceneRow, q: string | null | undefined): boolean {
  if (!q) return true;
  const c = { value: q, modifier: 'INCLUDES' };
  let hit: Tri = matchString(scene.title || null, c);
  for (const f of scene.files) hit = or3(hit, matchString(f.path, c));
  return hit === true;
}

// findScenes(scene_filter, scene_ids, ids, filter) -> { count, scenes }.
export function findScenes(state: StandinState, args: FindScenesArgs): { count: number; scenes: SceneRow[] } {
  const ids = args.ids && args.ids.length > 0 ? args.ids.map(goAtoi) : args.scene_ids;
  if (ids && ids.length > 0) {
    // FindMany: in the order asked, paging and filters ignored, every id must exist.
    const scenes = ids.map((id) => {
      const scene = state.scenes.get(id);
      if (!scene) throw new Error(`scene with id ${id} not found`);
      return scene;
    });
    return { count: scenes.length, scenes };
  }
  const matching = [...state.scenes.values()].filter(
    (s) => sceneMatches(s, args.scene_filter) && matchesQuery(s, args.filter?.q),
  );
  const sorted = sortScenes(matching, args.filter);
  return { count: matching.length, scenes: paginate(sorted, args.filter) };
}
