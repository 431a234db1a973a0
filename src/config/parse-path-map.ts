// `STASH_PREFIX=LOCAL_PREFIX` mappings, from repeated --path-map flags, a YAML list or
// comma/newline-separated text, into PathMapping[] sorted longest Stash prefix first so the most
// specific mapping wins. Trailing slashes are dropped (the root `/` stays `/`).
import type { PathMapping } from './types.js';
import { InvalidValueError, toList } from './parse-value.js';

const EXPECTED = 'a list of `STASH_PREFIX=LOCAL_PREFIX`';

// Parses and validates path mappings; the first `=` separates the two sides.
export function parsePathMap(raw: unknown): readonly PathMapping[] {
  const mappings = toList(raw, EXPECTED).map((spec): PathMapping => {
    const eq = spec.indexOf('=');
    if (eq < 0) throw new InvalidValueError(EXPECTED, raw, `\`${spec}\` has no \`=\``);
    const stashPrefix = trimTrailingSlash(spec.slice(0, eq));
    const localPrefix = trimTrailingSlash(spec.slice(eq + 1));
    if (!stashPrefix) throw new InvalidValueError(EXPECTED, raw, `\`${spec}\` has an empty Stash prefix`);
    if (!localPrefix) throw new InvalidValueError(EXPECTED, raw, `\`${spec}\` has an empty local prefix`);
    return Object.freeze({ stashPrefix, localPrefix });
  });
  const seen = new Set<string>();
  for (const { stashPrefix } of mappings) {
    if (seen.has(stashPrefix))
      throw new InvalidValueError(EXPECTED, raw, `\`${stashPrefix}\` is mapped twice`);
    seen.add(stashPrefix);
  }
  return mappings.sort((a, b) => b.stashPrefix.length - a.stashPrefix.length);
}

function trimTrailingSlash(path: string): string {
  const trimmed = path.trim();
  return trimmed.length > 1 ? trimmed.replace(/[/\\]+$/, '') || trimmed.slice(0, 1) : trimmed;
}
