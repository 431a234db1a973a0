import { describe, expect, it } from 'vitest';
import { parsePathMap } from '../../../src/config/parse-path-map.js';
import { toLocalPath } from '../../../src/pipeline/path-map.js';

describe('path mappings', () => {
  const maps = parsePathMap(['/data=/mnt/nas', '/data/videos/=/mnt/fast/videos', 'D:\\media=/mnt/d']);

  it('uses the longest matching Stash prefix', () => {
    expect(toLocalPath('/data/videos/a.mp4', maps)).toBe('/mnt/fast/videos/a.mp4');
    expect(toLocalPath('/data/other/b.mp4', maps)).toBe('/mnt/nas/other/b.mp4');
  });

  it('matches only whole path segments', () => {
    expect(toLocalPath('/database/c.mp4', maps)).toBe('/database/c.mp4');
  });

  it('maps Windows paths to POSIX ones', () => {
    expect(toLocalPath('D:\\media\\sub\\x.mp4', maps)).toBe('/mnt/d/sub/x.mp4');
  });
});
