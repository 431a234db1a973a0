// SQL-level building blocks of Stash's filters, with SQLite's semantics: LIKE (ASCII
// case-insensitive, `%` and `_` wildcards, no escape), Go regexps, and three-valued logic where
// NULL (here `null`) is neither true nor false.
// mirrors stash pkg/sqlite/criterion_handlers.go stringCriterionHandler, getStringSearchClause,
// pathCriterionHandler and pkg/sqlite/sql.go getNumericWhereClause.

export type Tri = boolean | null;
export type Modifier = string;

export interface StringCriterion {
  value: string;
  modifier: Modifier;
}

export interface IntCriterion {
  value: number;
  value2?: number | null;
  modifier: Modifier;
}

export const and3 = (a: Tri, b: Tri): Tri =>
  a === false || b === false ? false : a === null || b === null ? null : true;
export const or3 = (a: Tri, b: Tri): Tri =>
  a === true || b === true ? true : a === null || b === null ? null : false;
export const not3 = (a: Tri): Tri => (a === null ? null : !a);

const asciiLower = (s: string): string => s.replace(/[A-Z]/g, (c) => c.toLowerCase());
const likeCache = new Map<string, RegExp>();

// SQLite `value LIKE pattern`.
export function sqlLike(value: string | null, pattern: string): Tri {
  if (value === null) return null;
  let re = likeCache.get(pattern);
  if (!re) {
    const body = [...asciiLower(pattern)]
      .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')))
      .join('');
    re = new RegExp(`^${body}$`, 'su');
    if (likeCache.size > 1000) likeCache.clear();
    likeCache.set(pattern, re);
  }
  return re.test(asciiLower(value));
}

// Stash's `regexp` SQL function (Go regexp.MatchString); JS syntax is close enough for tests.
export function compileGoRegexp(source: string): RegExp {
  try {
    return new RegExp(source, 'u');
  } catch (err) {
    throw new Error(`error parsing regexp: ${(err as Error).message}`, { cause: err });
  }
}

// The words of an INCLUDES/EXCLUDES search, or the whole phrase when it is "quoted".
export function searchTerms(value: string): string[] {
  const q = value.trim();
  const trimmed = q.replace(/^"+|"+$/g, '');
  if (trimmed !== q) return [trimmed];
  return q.replace(/\s+/g, ' ').split(' ');
}

// stringCriterionHandler on one column value.
export function matchString(value: string | null, c: StringCriterion): Tri {
  switch (c.modifier) {
    case 'INCLUDES':
      return searchTerms(c.value).reduce<Tri>((acc, w) => or3(acc, sqlLike(value, `%${w}%`)), false);
    case 'EXCLUDES':
      return searchTerms(c.value).reduce<Tri>((acc, w) => and3(acc, not3(sqlLike(value, `%${w}%`))), true);
    case 'EQUALS':
      return sqlLike(value, c.value);
    case 'NOT_EQUALS':
      return not3(sqlLike(value, c.value));
    case 'MATCHES_REGEX':
      return value === null ? false : compileGoRegexp(c.value).test(value);
    case 'NOT_MATCHES_REGEX':
      return value === null ? true : !compileGoRegexp(c.value).test(value);
    case 'IS_NULL':
      return value === null || value.trim() === '';
    case 'NOT_NULL':
      return value !== null && value.trim() !== '';
    default:
      throw new Error(`stand-in: string modifier ${c.modifier} is not implemented`);
  }
}

// pathCriterionHandler on one file row (path = folder || '/' || basename; null for no file).
export function matchPath(path: string | null, c: StringCriterion): Tri {
  switch (c.modifier) {
    case 'INCLUDES':
      return searchTerms(c.value).reduce<Tri>((acc, w) => or3(acc, sqlLike(path, `%${w}%`)), false);
    case 'EXCLUDES':
      return searchTerms(c.value).reduce<Tri>((acc, w) => and3(acc, not3(sqlLike(path, `%${w}%`))), true);
    case 'EQUALS':
      return sqlLike(path, c.value);
    case 'NOT_EQUALS':
      return not3(sqlLike(path, c.value));
    case 'MATCHES_REGEX':
      return path === null ? false : compileGoRegexp(c.value).test(path);
    case 'NOT_MATCHES_REGEX':
      return path === null ? true : !compileGoRegexp(c.value).test(path);
    case 'IS_NULL':
      return path === null || path.trim() === '';
    case 'NOT_NULL':
      return path !== null && path.trim() !== '';
    default:
      throw new Error('unsupported string filter modifier');
  }
}

// getNumericWhereClause on one value.
export function matchInt(value: number | null, c: IntCriterion): Tri {
  const upper = c.value2 ?? 0;
  if (c.modifier === 'IS_NULL') return value === null;
  if (c.modifier === 'NOT_NULL') return value !== null;
  if (value === null) return null;
  switch (c.modifier) {
    case 'EQUALS':
      return value === c.value;
    case 'NOT_EQUALS':
      return value !== c.value;
    case 'GREATER_THAN':
      return value > c.value;
    case 'LESS_THAN':
      return value < c.value;
    case 'BETWEEN':
      return value >= c.value && value <= upper;
    case 'NOT_BETWEEN':
      return !(value >= c.value && value <= upper);
    default:
      // Stash panics here; gqlgen turns the panic into this error.
      throw new Error('internal system error');
  }
}
