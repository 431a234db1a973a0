// SceneFilterType with Stash's semantics. Stash joins every file of a scene (scenes_files LEFT JOIN
// files) and keeps a scene when ANY joined row passes the WHERE clause, so file-level criteria
// (is_missing "phash", path) are evaluated per file and a scene without files is one row of NULLs.
// mirrors stash pkg/sqlite/scene_filter.go (isMissingCriterionHandler, tagsCriterionHandler) and
// pkg/sqlite/filter.go (AND / OR / NOT sub-filters).
import {
  and3,
  matchInt,
  matchPath,
  matchString,
  not3,
  or3,
  type IntCriterion,
  type StringCriterion,
  type Tri,
} from './criteria.js';
import { goAtoi } from './go-strconv.js';
import type { FileRow, SceneRow } from './state.js';

export interface HierarchicalCriterion {
  value?: readonly string[] | null;
  modifier: string;
  depth?: number | null;
  excludes?: readonly string[] | null;
}

export interface SceneFilter {
  AND?: SceneFilter | null;
  OR?: SceneFilter | null;
  NOT?: SceneFilter | null;
  id?: IntCriterion | null;
  path?: StringCriterion | null;
  is_missing?: string | null;
  tags?: HierarchicalCriterion | null;
  oshash?: StringCriterion | null;
}

/** A clause's value, or undefined when the criterion adds no clause. */
type Clause = Tri | undefined;

// Relations the stand-in does not model: every scene is missing them.
const ALWAYS_MISSING = new Set([
  'url',
  'galleries',
  'studio',
  'movie',
  'group',
  'performers',
  'date',
  'stash_id',
]);

function isMissing(scene: SceneRow, file: FileRow | null, what: string | null | undefined): Clause {
  if (!what) return undefined;
  switch (what) {
    case 'phash':
      // LEFT JOIN files_fingerprints ... type = 'phash' WHERE fingerprint IS NULL
      return file === null || !file.fingerprints.some((f) => f.type === 'phash');
    case 'cover':
      return scene.cover === null;
    case 'tags':
      return scene.tagIds.length === 0;
    case 'title':
      return scene.title.trim() === '';
    default:
      if (ALWAYS_MISSING.has(what)) return true;
      // Stash's default case builds `scenes.<what> IS NULL`, which SQLite rejects.
      throw new Error(`no such column: scenes.${what}`);
  }
}

const parsed = new WeakMap<HierarchicalCriterion, { values: number[]; excludes: number[] }>();

// The criterion's ids as numbers, parsed once per request (filters are checked for every scene).
function parsedIds(c: HierarchicalCriterion): { values: number[]; excludes: number[] } {
  let ids = parsed.get(c);
  if (!ids) {
    ids = { values: (c.value ?? []).map(goAtoi), excludes: (c.excludes ?? []).map(goAtoi) };
    parsed.set(c, ids);
  }
  return ids;
}

function tagsClause(scene: SceneRow, c: HierarchicalCriterion | null | undefined): Clause {
  if (!c) return undefined;
  if (c.modifier === 'IS_NULL') return scene.tagIds.length === 0;
  if (c.modifier === 'NOT_NULL') return scene.tagIds.length > 0;
  const { values, excludes } = parsedIds(c);
  if (values.length === 0 && excludes.length === 0) return undefined;
  const has = (id: number) => scene.tagIds.includes(id);
  let result: Clause;
  if (values.length > 0) {
    if (c.modifier === 'INCLUDES') result = values.some(has);
    else if (c.modifier === 'INCLUDES_ALL') result = values.every(has);
    else if (c.modifier === 'EXCLUDES') result = !values.some(has);
    else throw new Error(`stand-in: tags modifier ${c.modifier} is not implemented`);
  }
  if (excludes.length > 0) result = and3(result ?? true, !excludes.some(has));
  return result;
}

function combine(own: Clause, sub: Clause, op: 'AND' | 'OR' | 'NOT'): Clause {
  if (sub === undefined) return own;
  const s = op === 'NOT' ? not3(sub) : sub;
  if (own === undefined) return s;
  return op === 'OR' ? or3(own, s) : and3(own, s);
}

const NO_FILE: readonly null[] = [null];

function fileFingerprint(file: FileRow | null, type: string): string | null {
  const fp = file?.fingerprints.find((f) => f.type === type);
  return fp ? String(fp.value) : null;
}

const andClause = (a: Clause, b: Clause): Clause => (a === undefined ? b : b === undefined ? a : and3(a, b));

function rowClause(scene: SceneRow, file: FileRow | null, f: SceneFilter): Clause {
  let own: Clause = f.id ? matchInt(scene.id, f.id) : undefined;
  if (f.path) own = andClause(own, matchPath(file?.path ?? null, f.path));
  if (f.is_missing) own = andClause(own, isMissing(scene, file, f.is_missing));
  if (f.tags) own = andClause(own, tagsClause(scene, f.tags));
  // LEFT JOIN files_fingerprints ON type = 'oshash' (per file, like path)
  if (f.oshash) own = andClause(own, matchString(fileFingerprint(file, 'oshash'), f.oshash));
  if (f.AND) own = combine(own, rowClause(scene, file, f.AND), 'AND');
  if (f.OR) own = combine(own, rowClause(scene, file, f.OR), 'OR');
  if (f.NOT) own = combine(own, rowClause(scene, file, f.NOT), 'NOT');
  return own;
}

// True when Stash's findScenes would return this scene for the filter.
export function sceneMatches(scene: SceneRow, filter: SceneFilter | null | undefined): boolean {
  if (!filter) return true;
  // A scene without files is one joined row of NULLs.
  const files: readonly (FileRow | null)[] = scene.files.length > 0 ? scene.files : NO_FILE;
  for (const file of files) {
    const c = rowClause(scene, file, filter);
    if (c === undefined || c === true) return true;
  }
  return false;
}
