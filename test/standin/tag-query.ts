// findTags and the tag-name rules of Stash: a name EQUALS filter is SQL LIKE, while uniqueness
// (tagCreate/tagUpdate) is an exact, ASCII case-insensitive comparison against names and aliases.
// mirrors stash pkg/sqlite/tag_filter.go, pkg/sqlite/tag.go getTagSort and pkg/tag/update.go.
import { and3, matchString, not3, or3, type StringCriterion, type Tri } from './criteria.js';
import { paginate, sortByKeys, type FindFilter, type SortKey } from './find-filter.js';
import { parseRandomSeed, randomSeed, randomSortKeys } from './random-sort.js';
import type { StandinState, TagRow } from './state.js';

export interface TagFilter {
  AND?: TagFilter | null;
  OR?: TagFilter | null;
  NOT?: TagFilter | null;
  name?: StringCriterion | null;
}

function tagClause(tag: TagRow, f: TagFilter): Tri | undefined {
  let own: Tri | undefined = f.name ? matchString(tag.name, f.name) : undefined;
  const sub = (g: TagFilter | null | undefined, op: 'AND' | 'OR' | 'NOT') => {
    if (!g) return;
    const c = tagClause(tag, g);
    if (c === undefined) return;
    const s = op === 'NOT' ? not3(c) : c;
    own = own === undefined ? s : op === 'OR' ? or3(own, s) : and3(own, s);
  };
  sub(f.AND, 'AND');
  sub(f.OR, 'OR');
  sub(f.NOT, 'NOT');
  return own;
}

const TAG_SORTS: Record<string, (t: TagRow) => SortKey> = {
  name: (t) => t.name,
  id: (t) => t.id,
  created_at: (t) => t.createdAt,
  updated_at: (t) => t.updatedAt,
};

function sortKey(sort: string): (t: TagRow) => SortKey {
  if (sort === 'random' || sort.startsWith('random_')) {
    const seed = sort === 'random' ? randomSeed(Math.random) : parseRandomSeed(sort);
    if (seed === null) throw new Error(`invalid random seed: ${sort.slice('random_'.length)}`);
    const key = randomSortKeys(seed);
    return (t) => key(t.id);
  }
  const key = TAG_SORTS[sort];
  if (!key) throw new Error(`stand-in: tag sort ${sort} is not implemented`);
  return key;
}

// findTags(tag_filter, filter) -> { count, tags }; default order: name, NATURAL_CI.
export function findTags(
  state: StandinState,
  args: { tag_filter?: TagFilter | null; filter?: FindFilter | null },
): { count: number; tags: TagRow[] } {
  const q = args.filter?.q;
  const matching = [...state.tags.values()].filter((t) => {
    const c = args.tag_filter ? tagClause(t, args.tag_filter) : undefined;
    if (c === false || c === null) return false;
    return !q || matchString(t.name, { value: q, modifier: 'INCLUDES' }) === true;
  });
  const key = sortKey(args.filter?.sort || 'name');
  const direction = args.filter?.direction === 'DESC' ? 'DESC' : 'ASC';
  const sorted = sortByKeys(matching, key, [{ key: (t) => t.name }, { key: (t) => t.id }], direction);
  return { count: matching.length, tags: paginate(sorted, args.filter) };
}

const nocase = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());

// EnsureTagNameUnique: throws Stash's error when `name` is another tag's name or alias.
export function ensureTagNameUnique(state: StandinState, id: number, name: string): void {
  const wanted = nocase(name);
  for (const tag of state.tags.values()) {
    if (tag.id !== id && nocase(tag.name) === wanted)
      throw new Error(`tag with name '${name}' already exists`);
  }
  for (const tag of state.tags.values()) {
    if (tag.id !== id && tag.aliases.some((a) => nocase(a) === wanted)) {
      throw new Error(`name '${name}' is used as alias for '${tag.name}'`);
    }
  }
}
