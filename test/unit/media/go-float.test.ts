import { describe, expect, it } from 'vitest';
import { goFloatString } from '../../../src/media/go-float.js';
import { HAS_SHARED, NO_SHARED_REASON } from '../../helpers/shared.js';
import { loadCorpusJson } from '../../helpers/corpus.js';
import { phashTimestamps } from '../../../src/phash/timestamps.js';

describe('goFloatString (Go fmt.Sprint(float64))', () => {
  // Values and Go's output from stash-spec.md §0.2 (checked there with a Go toolchain).
  it.each([
    [0, '0'],
    [0.0001, '0.0001'],
    [0.0000999, '9.99e-05'],
    [999999.999, '999999.999'],
    [1000000.5, '1.0000005e+06'],
    [12345678, '1.2345678e+07'],
    [0.05 * 1234.57, '61.7285'],
    [0.1 + 0.2, '0.30000000000000004'],
    [1e21, '1e+21'],
    [-2.5, '-2.5'],
    [1e-7, '1e-07'],
  ])('%s -> %s', (x, expected) => {
    expect(goFloatString(x)).toBe(expected);
  });

  it('prints the exponent with at least two digits and a sign', () => {
    expect(goFloatString(1e100)).toBe('1e+100');
    expect(goFloatString(1.5e-10)).toBe('1.5e-10');
  });
});

describe('phash seek strings', () => {
  // A few of Stash's own seek strings for c01 (2 s), copied from phash-corpus.json.
  it('matches Stash for a 2-second file', () => {
    const seeks = phashTimestamps(2).map(goFloatString);
    expect(seeks.slice(0, 4)).toEqual([
      '0.1',
      '0.17200000000000001',
      '0.24400000000000002',
      '0.31600000000000006',
    ]);
    expect(seeks[24]).toBe('1.8280000000000003');
    expect(seeks).toHaveLength(25);
  });

  it('starts at 5% and steps by 0.9*d/25', () => {
    const t = phashTimestamps(100);
    expect(t[0]).toBe(5);
    expect(t[1]).toBeCloseTo(8.6, 12);
    expect(t[24]).toBeCloseTo(91.4, 12);
  });

  it('gives 25 seeks at 0 for a zero duration (Stash has no special case)', () => {
    expect(phashTimestamps(0).map(goFloatString)).toEqual(Array(25).fill('0'));
  });

  describe.skipIf(!HAS_SHARED)(`every corpus file ${HAS_SHARED ? '' : NO_SHARED_REASON}`, () => {
    it('reproduces all 25 seek strings of every file', () => {
      const corpus = loadCorpusJson();
      let checked = 0;
      for (const f of corpus.files) {
        if (f.duration === null || !f.seeks) continue;
        expect(phashTimestamps(f.duration).map(goFloatString), f.file).toEqual(f.seeks);
        checked++;
      }
      expect(checked).toBeGreaterThan(25);
    });
  });
});
