import { describe, expect, it } from 'vitest';
import { matchInt, matchString, searchTerms, sqlLike } from '../../standin/criteria.js';
import { sceneMatches, type SceneFilter } from '../../standin/scene-filter.js';
import { addScene, addTag } from '../../standin/seed.js';
import { createState } from '../../standin/state.js';

describe('SQL LIKE as SQLite does it', () => {
  it('is case-insensitive for ASCII only, with % and _ wildcards', () => {
    expect(sqlLike('phv fixture claim', 'phv_fixture%')).toBe(true);
    expect(sqlLike('PHV Fixture Claim', 'phv fixture claim')).toBe(true);
    expect(sqlLike('phvXfixture', 'phv_fixture')).toBe(true);
    expect(sqlLike('phv  fixture', 'phv_fixture')).toBe(false);
    expect(sqlLike('Émile', 'émile')).toBe(false);
    expect(sqlLike('a.b', 'a.b')).toBe(true);
    expect(sqlLike('axb', 'a.b')).toBe(false);
    expect(sqlLike(null, '%')).toBeNull();
  });

  it('splits INCLUDES into words unless quoted', () => {
    expect(searchTerms('  phv   claim ')).toEqual(['phv', 'claim']);
    expect(searchTerms('"phv claim"')).toEqual(['phv claim']);
    expect(matchString('my claim tag', { value: 'phv claim', modifier: 'INCLUDES' })).toBe(true);
    expect(matchString('my claim tag', { value: '"phv claim"', modifier: 'INCLUDES' })).toBe(false);
    expect(matchString('my claim tag', { value: 'phv claim', modifier: 'EXCLUDES' })).toBe(false);
  });

  it('handles int criteria', () => {
    expect(matchInt(5, { value: 4, modifier: 'GREATER_THAN' })).toBe(true);
    expect(matchInt(5, { value: 1, value2: 5, modifier: 'BETWEEN' })).toBe(true);
    expect(matchInt(5, { value: 1, value2: 5, modifier: 'NOT_BETWEEN' })).toBe(false);
    expect(() => matchInt(5, { value: 1, modifier: 'INCLUDES' })).toThrow('internal system error');
  });
});

describe('scene_filter', () => {
  const state = createState();
  const claim = addTag(state, { name: 'claim' });
  const other = addTag(state, { name: 'other' });
  const none = addScene(state, { files: [{ path: '/m/a/none.mp4', oshash: '1' }] });
  const all = addScene(state, {
    files: [{ path: '/m/b/all.mp4', oshash: '2', phash: 'ff' }],
    tags: ['claim'],
  });
  const mixed = addScene(state, {
    files: [
      { path: '/m/c/primary.mp4', oshash: '3', phash: '1' },
      { path: '/m/c/second.mkv', oshash: '4' },
    ],
    tags: ['claim', 'other'],
    cover: Buffer.from('jpeg'),
  });
  const fileless = addScene(state, { title: 'no files' });
  const ids = (f: SceneFilter) =>
    [...state.scenes.values()].filter((s) => sceneMatches(s, f)).map((s) => s.id);

  it('is_missing "phash": a scene matches when ANY of its files lacks a phash (and fileless scenes match)', () => {
    expect(ids({ is_missing: 'phash' })).toEqual([none.id, mixed.id, fileless.id]);
  });

  it('is_missing "cover" and "tags"', () => {
    expect(ids({ is_missing: 'cover' })).toEqual([none.id, all.id, fileless.id]);
    expect(ids({ is_missing: 'tags' })).toEqual([none.id, fileless.id]);
    expect(() => ids({ is_missing: 'bogus' })).toThrow('no such column: scenes.bogus');
  });

  it('tags INCLUDES / EXCLUDES / INCLUDES_ALL / IS_NULL and `excludes`', () => {
    const c = String(claim.id);
    const o = String(other.id);
    expect(ids({ tags: { value: [c], modifier: 'INCLUDES' } })).toEqual([all.id, mixed.id]);
    expect(ids({ tags: { value: [c], modifier: 'EXCLUDES' } })).toEqual([none.id, fileless.id]);
    expect(ids({ tags: { value: [c, o], modifier: 'INCLUDES_ALL' } })).toEqual([mixed.id]);
    expect(ids({ tags: { value: [], modifier: 'IS_NULL' } })).toEqual([none.id, fileless.id]);
    expect(ids({ tags: { value: [c], modifier: 'INCLUDES', excludes: [o] } })).toEqual([all.id]);
    expect(ids({ is_missing: 'phash', tags: { value: [c], modifier: 'EXCLUDES' } })).toEqual([
      none.id,
      fileless.id,
    ]);
  });

  it('id and path criteria (path matches any file; full path incl. folder)', () => {
    expect(ids({ id: { value: all.id, modifier: 'GREATER_THAN' } })).toEqual([mixed.id, fileless.id]);
    expect(ids({ path: { value: 'second', modifier: 'INCLUDES' } })).toEqual([mixed.id]);
    expect(ids({ path: { value: '/m/a none', modifier: 'INCLUDES' } })).toEqual([none.id]);
    expect(ids({ path: { value: '\\.mkv$', modifier: 'MATCHES_REGEX' } })).toEqual([mixed.id]);
    expect(ids({ path: { value: '/M/B/ALL.MP4', modifier: 'EQUALS' } })).toEqual([all.id]);
  });

  it('evaluates file criteria per joined file row, like Stash', () => {
    // The mkv lacks a phash but the mp4 is the one matching the path: no single row has both.
    expect(ids({ is_missing: 'phash', path: { value: 'primary', modifier: 'INCLUDES' } })).toEqual([]);
    expect(ids({ is_missing: 'phash', path: { value: 'second', modifier: 'INCLUDES' } })).toEqual([mixed.id]);
  });

  it('AND / OR / NOT sub-filters', () => {
    expect(ids({ is_missing: 'cover', OR: { is_missing: 'tags' } })).toEqual([none.id, all.id, fileless.id]);
    expect(ids({ OR: { id: { value: none.id, modifier: 'EQUALS' } } })).toEqual([none.id]);
    expect(ids({ is_missing: 'phash', NOT: { is_missing: 'tags' } })).toEqual([mixed.id]);
    expect(ids({ is_missing: 'phash', AND: { is_missing: 'cover' } })).toEqual([none.id, fileless.id]);
  });
});
