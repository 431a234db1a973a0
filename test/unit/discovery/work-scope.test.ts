// The scope's filters: pushed down to Stash (and honoured by the stand-in as Stash would), and
// the client-side twin used with --scene-ids, where Stash ignores filters.
import { describe, expect, it } from 'vitest';
import { describeScope, pathCriteria, pathMatcher, scopeOf } from '../../../src/discovery/work-scope.js';
import { buildNeedingWorkFilter } from '../../../src/stash/api.js';
import { sceneMatches, type SceneFilter } from '../../standin/scene-filter.js';
import { addScene } from '../../standin/seed.js';
import { createState } from '../../standin/state.js';

const files = (...paths: string[]) => paths.map((path) => ({ path }));

describe('path filter', () => {
  it('INCLUDES as SQL LIKE: ASCII case-insensitive, % and _ wildcards; re: is a regular expression', () => {
    expect(pathCriteria('/Data/A b')).toEqual({ pathIncludes: '/Data/A b' });
    expect(pathCriteria('re:^/data/(a|b)/')).toEqual({ pathRegex: '^/data/(a|b)/' });
    expect(pathCriteria(null)).toEqual({});
    const like = pathMatcher('/DATA/a_b/');
    expect(like({ files: files('/data/A-B/x.mp4') })).toBe(true);
    expect(like({ files: files('/data/ab/x.mp4') })).toBe(false);
    expect(like({ files: files('/other/x.mp4', '/data/axb/y.mp4') })).toBe(true);
    expect(pathMatcher('100%')({ files: files('/m/100 percent/x.mp4') })).toBe(true);
    const re = pathMatcher('re:^/data/(a|b)/');
    expect(re({ files: files('/data/b/x.mp4') })).toBe(true);
    expect(re({ files: files('/data/B/x.mp4') })).toBe(false);
    expect(pathMatcher(null)({ files: [] })).toBe(true);
  });

  it('the client-side matcher agrees with the stand-in (Stash semantics) on the pushed-down filter', () => {
    const state = createState();
    const paths = [
      '/data/a b/1.mp4',
      '/data/A B/2.mp4',
      '/data/ab/3.mp4',
      '/x/a_b/4.mp4',
      '/data/a b c/5.mp4',
    ];
    const scenes = paths.map((p) => addScene(state, { files: [{ path: p, oshash: '1' }] }));
    for (const filter of ['a b', 're:^/data/a', 'a_b']) {
      const sf = buildNeedingWorkFilter({ missing: null, ...pathCriteria(filter) }) as SceneFilter;
      const matcher = pathMatcher(filter);
      for (const s of scenes)
        expect(matcher({ files: files(s.files[0]!.path) }), `${filter} ${s.files[0]!.path}`).toBe(
          sceneMatches(s, sf),
        );
    }
  });
});

describe('needing-work filter', () => {
  it('ORs several is_missing values inside an AND, so exclusions apply to every branch', () => {
    const f = buildNeedingWorkFilter({
      missing: ['phash', 'cover'],
      excludeTagIds: ['9'],
      pathIncludes: '/a',
    });
    expect(f).toEqual({
      tags: { value: ['9'], modifier: 'EXCLUDES' },
      path: { value: '"/a"', modifier: 'INCLUDES' },
      AND: { is_missing: 'phash', OR: { is_missing: 'cover' } },
    });
    expect(buildNeedingWorkFilter({ missing: null })).toEqual({});
    expect(buildNeedingWorkFilter({ missing: [], pathRegex: 'x' })).toEqual({
      path: { value: 'x', modifier: 'MATCHES_REGEX' },
    });

    const state = createState();
    const hashed = { path: '/a/1.mp4', oshash: '1', phash: 'ff' };
    const noPhash = addScene(state, { files: [{ ...hashed, phash: undefined }], cover: Buffer.from('c') });
    const noCover = addScene(state, { files: [hashed] });
    const both = addScene(state, { files: [{ ...hashed, path: '/a/3.mp4', phash: undefined }], tags: ['x'] });
    const neither = addScene(state, { files: [hashed], cover: Buffer.from('c') });
    const excluded = String(state.scenes.get(both.id)!.tagIds[0]);
    const sf = buildNeedingWorkFilter({
      missing: ['phash', 'cover'],
      excludeTagIds: [excluded],
    }) as SceneFilter;
    expect([noPhash, noCover, both, neither].map((s) => sceneMatches(s, sf))).toEqual([
      true,
      true,
      false,
      false,
    ]);
  });
});

describe('scope', () => {
  it('reads the config and says what it is', () => {
    const scope = scopeOf({ pathFilter: '/a', sceneIds: [1, 2], retryErrors: true });
    expect(describeScope(scope)).toBe(
      'path contains "/a", 2 listed scene id(s), error-tagged scenes included',
    );
    expect(describeScope(scopeOf({ pathFilter: null, sceneIds: null, retryErrors: false }))).toBe(
      'the whole library',
    );
  });
});
