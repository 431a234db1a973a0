// FindFilterType: paging and the natural, case-insensitive collation Stash sorts text with.
// mirrors stash pkg/models/find_filter.go (GetPage, GetPageSize, IsGetAll) and pkg/sqlite/sql.go.

export interface FindFilter {
  q?: string | null;
  page?: number | null;
  per_page?: number | null;
  sort?: string | null;
  direction?: 'ASC' | 'DESC' | null;
}

export const DEFAULT_PER_PAGE = 25;

// The rows of the requested page: per_page -1 (any negative) = all, unset = 25, 0 = none.
export function paginate<T>(rows: readonly T[], filter: FindFilter | null | undefined): T[] {
  const perPage = filter?.per_page ?? DEFAULT_PER_PAGE;
  if (perPage < 0) return [...rows];
  const page = Math.max(1, filter?.page ?? 1);
  const start = (page - 1) * perPage;
  return rows.slice(start, start + perPage);
}

const CHUNK = /(\d+|\D+)/g;

// NATURAL_CI: digit runs compare as numbers, everything else case-insensitively.
export function naturalCompare(a: string, b: string): number {
  const xs = a.toLowerCase().match(CHUNK) ?? [];
  const ys = b.toLowerCase().match(CHUNK) ?? [];
  for (let i = 0; i < Math.min(xs.length, ys.length); i++) {
    const x = xs[i] as string;
    const y = ys[i] as string;
    if (x === y) continue;
    const xd = /^\d/.test(x);
    const yd = /^\d/.test(y);
    if (xd && yd) {
      const diff = Number(x) - Number(y);
      if (diff !== 0) return diff < 0 ? -1 : 1;
      return x.length - y.length;
    }
    return x < y ? -1 : 1;
  }
  return xs.length - ys.length;
}

/** A sort key: numbers compare numerically, strings with NATURAL_CI. */
export type SortKey = number | string;

export function compareKeys(a: SortKey, b: SortKey): number {
  if (typeof a === 'number' && typeof b === 'number') return a < b ? -1 : a > b ? 1 : 0;
  return naturalCompare(String(a), String(b));
}

/** A secondary sort key, ascending unless `descending`. */
export interface Tiebreak<T> {
  key: (row: T) => SortKey;
  descending?: boolean;
}

// Sorts rows by a precomputed primary key in `direction`, then by the tiebreakers (computed only
// for rows whose primary keys are equal).
export function sortByKeys<T>(
  rows: readonly T[],
  primary: (row: T) => SortKey,
  tiebreaks: readonly Tiebreak<T>[],
  direction: 'ASC' | 'DESC',
): T[] {
  const keys = rows.map(primary);
  const sign = direction === 'DESC' ? -1 : 1;
  const order = Array.from(rows.keys());
  const numeric = keys.every((k) => typeof k === 'number');
  const nums = numeric ? Float64Array.from(keys as number[]) : null;
  order.sort((i, j) => {
    const c = nums
      ? nums[i]! < nums[j]!
        ? -1
        : nums[i]! > nums[j]!
          ? 1
          : 0
      : compareKeys(keys[i]!, keys[j]!);
    if (c !== 0) return c * sign;
    for (const t of tiebreaks) {
      const r = compareKeys(t.key(rows[i]!), t.key(rows[j]!));
      if (r !== 0) return t.descending ? -r : r;
    }
    return 0;
  });
  return order.map((i) => rows[i]!);
}
