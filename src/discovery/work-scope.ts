// Which scenes a worker may touch at all: --path-filter, --scene-ids and --retry-errors. The path
// filter is pushed down to Stash's scene_filter; with scene ids Stash ignores every filter
// (findScenes(scene_ids) is a plain lookup), so the same rules are applied here to what it returns.
import type { Config } from '../config/types.js';
import type { NeedingWorkCriteria } from '../stash/api.js';

export interface WorkScope {
  /** A path substring, or `re:` and a regular expression; null: every path. */
  readonly pathFilter: string | null;
  /** Only these scenes; null: the whole library. */
  readonly sceneIds: readonly number[] | null;
  /** Error-tagged scenes are work again (the error tag is not excluded). */
  readonly retryErrors: boolean;
}

export const WHOLE_LIBRARY: WorkScope = Object.freeze({
  pathFilter: null,
  sceneIds: null,
  retryErrors: false,
});

const REGEX_PREFIX = 're:';

// The scope the user selected.
export function scopeOf(config: Pick<Config, 'pathFilter' | 'sceneIds' | 'retryErrors'>): WorkScope {
  return { pathFilter: config.pathFilter, sceneIds: config.sceneIds, retryErrors: config.retryErrors };
}

// The path part of a scene_filter: INCLUDES "value" (SQL LIKE, case-insensitive) or MATCHES_REGEX.
export function pathCriteria(
  pathFilter: string | null,
): Pick<NeedingWorkCriteria, 'pathIncludes' | 'pathRegex'> {
  if (!pathFilter) return {};
  return pathFilter.startsWith(REGEX_PREFIX)
    ? { pathRegex: pathFilter.slice(REGEX_PREFIX.length) }
    : { pathIncludes: pathFilter };
}

// `path LIKE '%value%'` as SQLite evaluates it: ASCII case-insensitive, `%` any run, `_` one character.
function likeIncludes(value: string): RegExp {
  const lower = value.replace(/[A-Z]/g, (c) => c.toLowerCase());
  const body = [...lower]
    .map((c) => (c === '%' ? '.*' : c === '_' ? '.' : c.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&')))
    .join('');
  return new RegExp(body, 'su');
}

// A client-side twin of the path criterion: true when any file's path passes (Stash joins every file).
export function pathMatcher(
  pathFilter: string | null,
): (scene: { readonly files: readonly { readonly path: string }[] }) => boolean {
  if (!pathFilter) return () => true;
  const regex = pathFilter.startsWith(REGEX_PREFIX);
  const re = regex ? new RegExp(pathFilter.slice(REGEX_PREFIX.length), 'u') : likeIncludes(pathFilter);
  const fold = (p: string) => (regex ? p : p.replace(/[A-Z]/g, (c) => c.toLowerCase()));
  return (scene) => scene.files.some((f) => re.test(fold(f.path)));
}

// True when the scene carries none of the excluded tags.
export function carriesNone(
  scene: { readonly tags: readonly { readonly id: string }[] },
  tagIds: readonly string[],
): boolean {
  return !scene.tags.some((t) => tagIds.includes(t.id));
}

// How the scope reads in reports: "path contains /a", "3 scene ids", "error-tagged included".
export function describeScope(scope: WorkScope): string {
  const parts: string[] = [];
  if (scope.pathFilter)
    parts.push(
      scope.pathFilter.startsWith(REGEX_PREFIX)
        ? `path matches /${scope.pathFilter.slice(REGEX_PREFIX.length)}/`
        : `path contains "${scope.pathFilter}"`,
    );
  if (scope.sceneIds) parts.push(`${scope.sceneIds.length} listed scene id(s)`);
  if (scope.retryErrors) parts.push('error-tagged scenes included');
  return parts.length > 0 ? parts.join(', ') : 'the whole library';
}
