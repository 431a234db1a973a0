import { describe, expect, it } from 'vitest';
import { findScenes } from '../../standin/scene-query.js';
import { randomSortKey } from '../../standin/random-sort.js';
import { addScene } from '../../standin/seed.js';
import { syntheticLibrary } from '../../standin/library.js';
import { findTags } from '../../standin/tag-query.js';
import { addTag } from '../../standin/seed.js';
import { createState, type StandinState } from '../../standin/state.js';

function library(n: number): StandinState {
  const state = createState();
  for (const scene of syntheticLibrary(n, { phashEvery: 2 })) addScene(state, scene);
  return state;
}

const idsOf = (r: { scenes: { id: number }[] }) => r.scenes.map((s) => s.id);

describe('findScenes paging and counting', () => {
  const state = library(60);

  it('count ignores paging', () => {
    const r = findScenes(state, { scene_filter: { is_missing: 'phash' }, filter: { per_page: 2, page: 3 } });
    expect(r.count).toBe(30);
    expect(r.scenes).toHaveLength(2);
  });

  it('defaults to 25 per page; per_page -1 returns all; 0 returns none', () => {
    expect(findScenes(state, {}).scenes).toHaveLength(25);
    expect(findScenes(state, { filter: { per_page: -1 } }).scenes).toHaveLength(60);
    expect(findScenes(state, { filter: { per_page: 0 } })).toEqual({ count: 60, scenes: [] });
    expect(findScenes(state, { filter: { per_page: 25, page: 3 } }).scenes).toHaveLength(10);
    expect(idsOf(findScenes(state, { filter: { per_page: 2, page: 0 } }))).toEqual([1, 2]);
  });

  it('pages through random_<seed> in the SQL order, stable across pages', () => {
    const sort = { sort: 'random_12345', direction: 'ASC' as const };
    const all = idsOf(findScenes(state, { filter: { ...sort, per_page: -1 } }));
    const expected = Array.from({ length: 60 }, (_, i) => i + 1).sort(
      (a, b) => randomSortKey(a, 12345n) - randomSortKey(b, 12345n),
    );
    expect(all).toEqual(expected);
    const pages = [1, 2, 3].flatMap((page) =>
      idsOf(findScenes(state, { filter: { ...sort, per_page: 20, page } })),
    );
    expect(pages).toEqual(expected);
    const desc = idsOf(
      findScenes(state, { filter: { sort: 'random_12345', direction: 'DESC', per_page: -1 } }),
    );
    expect(desc).toEqual([...expected].reverse());
  });

  it("sorts by id, path, title, updated_at and rejects unknown sorts with Stash's error", () => {
    expect(idsOf(findScenes(state, { filter: { sort: 'id', direction: 'DESC', per_page: 3 } }))).toEqual([
      60, 59, 58,
    ]);
    expect(idsOf(findScenes(state, { filter: { sort: 'path', per_page: 3 } }))).toEqual([1, 2, 3]);
    state.scenes.get(7)!.title = 'Scene 10';
    state.scenes.get(8)!.title = 'scene 9';
    // NATURAL_CI: "scene 9" < "Scene 10" < "scene-000001.mp4" (untitled scenes sort by basename).
    expect(idsOf(findScenes(state, { filter: { sort: 'title', per_page: 3 } }))).toEqual([8, 7, 1]);
    state.scenes.get(5)!.updatedAt += 100;
    expect(
      idsOf(findScenes(state, { filter: { sort: 'updated_at', direction: 'DESC', per_page: 1 } })),
    ).toEqual([5]);
    expect(() => findScenes(state, { filter: { sort: 'drop table' } })).toThrow('invalid sort: drop table');
    expect(() => findScenes(state, { filter: { sort: 'random_x' } })).toThrow('invalid random seed: x');
  });

  it('scene_ids / ids return those scenes in the given order, ignore paging, and fail on unknown ids', () => {
    expect(idsOf(findScenes(state, { scene_ids: [9, 3, 5], filter: { per_page: 1 } }))).toEqual([9, 3, 5]);
    expect(idsOf(findScenes(state, { ids: ['4', '2'], scene_ids: [1] }))).toEqual([4, 2]);
    expect(() => findScenes(state, { scene_ids: [3, 999] })).toThrow('scene with id 999 not found');
  });

  it('handles 100,000 scenes', () => {
    const big = library(100_000);
    const r = findScenes(big, {
      scene_filter: { is_missing: 'phash', tags: { value: ['1'], modifier: 'EXCLUDES' } },
      filter: { per_page: 50, sort: 'random_99999999' },
    });
    expect(r.count).toBe(50_000);
    expect(r.scenes).toHaveLength(50);
  });
});

describe('findTags', () => {
  const state = createState();
  addTag(state, { name: 'phv fixture claim' });
  addTag(state, { name: 'phv_fixture' });
  addTag(state, { name: 'Other' });

  it('EQUALS is SQL LIKE (wildcards, case-insensitive), sorted by name', () => {
    const r = findTags(state, { tag_filter: { name: { value: 'PHV_FIXTURE%', modifier: 'EQUALS' } } });
    expect(r.tags.map((t) => t.name)).toEqual(['phv fixture claim', 'phv_fixture']);
    expect(findTags(state, { tag_filter: { name: { value: 'other', modifier: 'EQUALS' } } }).count).toBe(1);
  });

  it('INCLUDES, NOT sub-filters and paging', () => {
    expect(findTags(state, { tag_filter: { name: { value: 'claim', modifier: 'INCLUDES' } } }).count).toBe(1);
    const notPhv = findTags(state, { tag_filter: { NOT: { name: { value: 'phv', modifier: 'INCLUDES' } } } });
    expect(notPhv.tags.map((t) => t.name)).toEqual(['Other']);
    expect(findTags(state, { filter: { per_page: 1, page: 2 } }).tags.map((t) => t.name)).toEqual([
      'phv fixture claim',
    ]);
  });
});
