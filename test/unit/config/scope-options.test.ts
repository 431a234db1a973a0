// --path-filter, --scene-ids and --retry-errors through every layer.
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';

const resolve = (argv: Record<string, unknown>, env: Record<string, string> = {}) =>
  resolveConfig({ argv, env, file: null }).config;

describe('work selection options', () => {
  it('defaults to the whole library, error-tagged scenes excluded', () => {
    const c = resolve({});
    expect([c.pathFilter, c.sceneIds, c.retryErrors]).toEqual([null, null, false]);
  });

  it('takes scene ids as comma-separated text, repeated flags or a YAML list, de-duplicated', () => {
    expect(resolve({ 'scene-ids': '3, 1,3' }).sceneIds).toEqual([3, 1]);
    expect(resolve({ 'scene-ids': ['1,2', '5'] }).sceneIds).toEqual([1, 2, 5]);
    expect(resolve({}, { PHASHVAAPI_SCENE_IDS: '42' }).sceneIds).toEqual([42]);
    expect(
      resolveConfig({
        argv: {},
        env: {},
        file: { path: 'x.yml', values: { sceneIds: [7, '8'] }, lines: {} },
      }).config.sceneIds,
    ).toEqual([7, 8]);
  });

  it('refuses what is not a scene id, naming it', () => {
    expect(() => resolve({ 'scene-ids': '1,x' })).toThrow(
      'Expected `sceneIds` (flag --scene-ids) to be a non-empty list of scene ids (positive integers), but `x` is not a scene id',
    );
    expect(() => resolve({ 'scene-ids': '0' })).toThrow('`0` is not a scene id');
    expect(() => resolve({ 'scene-ids': ',' })).toThrow('non-empty list of scene ids');
  });

  it('checks a re: path filter compiles', () => {
    expect(resolve({ 'path-filter': 're:^/data/(a|b)/' }).pathFilter).toBe('re:^/data/(a|b)/');
    expect(() => resolve({ 'path-filter': 're:(' })).toThrow('the regular expression is invalid');
    expect(resolve({ 'retry-errors': true }).retryErrors).toBe(true);
  });
});
