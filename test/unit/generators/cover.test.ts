import { describe, expect, it } from 'vitest';
import { buildCoverArgs, coverDataUrl, planCover } from '../../../src/generators/cover.js';

describe('cover', () => {
  it('is taken at 0.2 × the DB duration unless a time is given', () => {
    expect(planCover('/v.mp4', 1234.57)).toEqual({ input: '/v.mp4', seconds: 1234.57 * 0.2 });
    expect(planCover('/v.mp4', 30, 4.5).seconds).toBe(4.5);
  });

  it("has Stash's argv", () => {
    expect(buildCoverArgs('/v/a b.mp4', 7.33 * 0.2, '/t/c.jpg')).toEqual([
      '-v',
      'error',
      '-y',
      '-ss',
      '1.4660000000000002',
      '-i',
      '/v/a b.mp4',
      '-frames:v',
      '1',
      '-q:v',
      '2',
      '-f',
      'image2',
      '/t/c.jpg',
    ]);
  });

  it('uploads as a data URL Stash accepts (^data:.+\\/(.+);base64,(.*)$)', () => {
    const url = coverDataUrl(new Uint8Array([0xff, 0xd8, 0xff]));
    expect(url).toBe('data:image/jpeg;base64,/9j/');
    expect(url).toMatch(/^data:.+\/(.+);base64,(.*)$/);
  });
});
