import { describe, expect, it } from 'vitest';
import { parsePathMap } from '../../../src/config/parse-path-map.js';
import { InvalidValueError } from '../../../src/config/parse-value.js';

describe('parsePathMap', () => {
  it('parses STASH=LOCAL pairs, longest Stash prefix first, trailing slashes dropped', () => {
    expect(
      parsePathMap(['/data=/mnt/nas', '/data/videos/=/mnt/fast/', '/=/root', 'D:\\media=/mnt/d']),
    ).toEqual([
      { stashPrefix: '/data/videos', localPrefix: '/mnt/fast' },
      { stashPrefix: 'D:\\media', localPrefix: '/mnt/d' },
      { stashPrefix: '/data', localPrefix: '/mnt/nas' },
      { stashPrefix: '/', localPrefix: '/root' },
    ]);
  });

  it('splits on the first `=` only', () => {
    expect(parsePathMap(['/a=/b=c'])).toEqual([{ stashPrefix: '/a', localPrefix: '/b=c' }]);
  });

  it('accepts text separated by commas or newlines', () => {
    expect(parsePathMap('/a=/x, /b=/y')).toHaveLength(2);
    expect(parsePathMap('/a=/x,1\n/b=/y')).toEqual([
      { stashPrefix: '/a', localPrefix: '/x,1' },
      { stashPrefix: '/b', localPrefix: '/y' },
    ]);
    expect(parsePathMap('')).toEqual([]);
  });

  it.each([
    [['/data'], '`/data` has no `=`'],
    [['=/mnt'], '`=/mnt` has an empty Stash prefix'],
    [['/data= '], '`/data=` has an empty local prefix'],
    [['/a=/x', '/a/=/y'], '`/a` is mapped twice'],
  ])('rejects %j: %s', (specs, detail) => {
    let thrown: unknown;
    try {
      parsePathMap(specs);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidValueError);
    expect((thrown as InvalidValueError).detail).toBe(detail);
  });

  it('rejects non-string list items', () => {
    expect(() => parsePathMap([1, 2])).toThrow(InvalidValueError);
  });
});
