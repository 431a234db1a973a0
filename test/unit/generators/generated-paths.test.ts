import { describe, expect, it } from 'vitest';
import {
  ArtifactHashError,
  markerPaths,
  previewPath,
  sceneArtifactHash,
  spritePath,
  vttPath,
  webpPath,
} from '../../../src/generators/generated-paths.js';

const file = (fps: Record<string, unknown>) => ({
  fingerprints: Object.entries(fps).map(([type, value]) => ({ type, value })),
});

describe('sceneArtifactHash', () => {
  const files = [
    file({ oshash: '4EA5C9E943E0CABE', md5: '0123456789ABCDEF0123456789abcdef', phash: 'ffff' }),
    file({ oshash: 'ffffffffffffffff', md5: 'ffffffffffffffffffffffffffffffff' }),
  ];

  it("uses the primary (first) file's oshash or md5, lowercase", () => {
    expect(sceneArtifactHash(files, 'OSHASH')).toBe('4ea5c9e943e0cabe');
    expect(sceneArtifactHash(files, 'MD5')).toBe('0123456789abcdef0123456789abcdef');
  });

  it('fails when the fingerprint is missing, empty, malformed, or there is no file', () => {
    expect(() => sceneArtifactHash([], 'OSHASH')).toThrow(ArtifactHashError);
    expect(() => sceneArtifactHash([file({ md5: 'a'.repeat(32) })], 'OSHASH')).toThrow(/no oshash/);
    expect(() => sceneArtifactHash([file({ oshash: '' })], 'OSHASH')).toThrow(ArtifactHashError);
    expect(() => sceneArtifactHash([file({ oshash: 'abc' })], 'OSHASH')).toThrow(/malformed/);
    expect(() => sceneArtifactHash([file({ oshash: 'a'.repeat(32) })], 'OSHASH')).toThrow(/malformed/);
    expect(() => sceneArtifactHash([file({ md5: 'g'.repeat(32) })], 'MD5')).toThrow(/malformed/);
    expect(() => sceneArtifactHash([file({ oshash: 1234 })], 'OSHASH')).toThrow(ArtifactHashError);
  });
});

describe('generated paths', () => {
  const g = '/gen';
  const h = '4ea5c9e943e0cabe';

  it("follow Stash's layout and names", () => {
    expect(spritePath(g, h)).toBe('/gen/vtt/4ea5c9e943e0cabe_sprite.jpg');
    expect(vttPath(g, h)).toBe('/gen/vtt/4ea5c9e943e0cabe_thumbs.vtt');
    expect(previewPath(g, h)).toBe('/gen/screenshots/4ea5c9e943e0cabe.mp4');
    expect(webpPath(g, h)).toBe('/gen/screenshots/4ea5c9e943e0cabe.webp');
  });

  it('name marker files after the truncated integer second', () => {
    expect(markerPaths(g, h, 12.99)).toEqual({
      video: '/gen/markers/4ea5c9e943e0cabe/12.mp4',
      webp: '/gen/markers/4ea5c9e943e0cabe/12.webp',
      screenshot: '/gen/markers/4ea5c9e943e0cabe/12.jpg',
    });
    expect(markerPaths(g, h, 0.4).video).toBe('/gen/markers/4ea5c9e943e0cabe/0.mp4');
  });
});
