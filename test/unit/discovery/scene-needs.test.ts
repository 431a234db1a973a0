// What a scene lacks, decided from its page data and a few file checks on its own paths.
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sceneNeeds, type NeedsOptions, type NeedsScene } from '../../../src/discovery/scene-needs.js';

const GEN = '/gen';
const HASH = '0123456789abcdef';

function scene(over: Partial<NeedsScene> & { phash?: boolean } = {}): NeedsScene {
  const { phash = true, ...rest } = over;
  return {
    id: '7',
    files: [
      {
        id: '1',
        path: '/media/a.mp4',
        fingerprints: [
          { type: 'oshash', value: HASH },
          { type: 'md5', value: 'ffeeddccbbaa99887766554433221100' },
          ...(phash ? [{ type: 'phash', value: 'abc' }] : []),
        ],
      },
    ] as NeedsScene['files'],
    scene_markers: [],
    ...rest,
  };
}

function marker(seconds: number, id = String(seconds)): NeedsScene['scene_markers'][number] {
  return { id, seconds, title: '', primary_tag: { id: '1', name: 't' } };
}

// A generated folder holding `present`; records every path checked.
function disk(present: string[], extra: Partial<NeedsOptions> = {}) {
  const checked: string[] = [];
  const have = new Set(present.map((p) => join(GEN, p)));
  const options: NeedsOptions = {
    generatedDir: GEN,
    naming: 'OSHASH',
    exists: async (path) => {
      checked.push(path);
      return have.has(path);
    },
    lacksCover: null,
    ...extra,
  };
  return { options, checked };
}

const SPRITE = [`vtt/${HASH}_sprite.jpg`, `vtt/${HASH}_thumbs.vtt`];
const PREVIEW = `screenshots/${HASH}.mp4`;
const WEBP = `screenshots/${HASH}.webp`;

describe('sceneNeeds', () => {
  it('phash from the fingerprints, without touching the disk', async () => {
    const { options, checked } = disk([]);
    expect((await sceneNeeds(scene({ phash: false }), ['phash'], options, 'first')).missing).toEqual([
      'phash',
    ]);
    expect((await sceneNeeds(scene(), ['phash'], options, 'first')).missing).toEqual([]);
    expect(checked).toEqual([]);
  });

  it('a sprite needs both the JPEG and the VTT; the first missing one decides', async () => {
    const half = disk([SPRITE[0]!]);
    expect((await sceneNeeds(scene(), ['sprite'], half.options, 'first')).missing).toEqual(['sprite']);
    expect(half.checked).toEqual(SPRITE.map((p) => join(GEN, p)));
    const none = disk([]);
    await sceneNeeds(scene(), ['sprite'], none.options, 'first');
    expect(none.checked).toHaveLength(1);
    const both = disk(SPRITE);
    expect((await sceneNeeds(scene(), ['sprite'], both.options, 'first')).missing).toEqual([]);
  });

  it('first: stops at the first missing step (the scene qualifies); all: every step', async () => {
    const { options, checked } = disk([]);
    const steps = ['phash', 'sprite', 'preview', 'webp'] as const;
    expect((await sceneNeeds(scene({ phash: false }), steps, options, 'first')).missing).toEqual(['phash']);
    expect(checked).toEqual([]);
    expect((await sceneNeeds(scene({ phash: false }), steps, options, 'all')).missing).toEqual([
      'phash',
      'sprite',
      'preview',
      'webp',
    ]);
  });

  it('a webp counts only when it can be made: the preview mp4 exists or the preview step is selected', async () => {
    const noPreview = disk([]);
    expect((await sceneNeeds(scene(), ['webp'], noPreview.options, 'first')).missing).toEqual([]);
    expect((await sceneNeeds(scene(), ['preview', 'webp'], noPreview.options, 'all')).missing).toEqual([
      'preview',
      'webp',
    ]);
    expect((await sceneNeeds(scene(), ['webp'], noPreview.options, 'all')).missing).toEqual(['webp']);
    const withPreview = disk([PREVIEW]);
    expect((await sceneNeeds(scene(), ['webp'], withPreview.options, 'first')).missing).toEqual(['webp']);
    expect((await sceneNeeds(scene(), ['webp'], disk([PREVIEW, WEBP]).options, 'first')).missing).toEqual([]);
  });

  it("markers: Stash's <int(seconds)> names, three files each, one check per shared name", async () => {
    const markers = [marker(12.9), marker(12.2), marker(0.5)];
    const done = [
      ...['12', '0'].flatMap((s) => ['mp4', 'webp', 'jpg'].map((e) => `markers/${HASH}/${s}.${e}`)),
    ];
    const full = disk(done);
    expect(
      (await sceneNeeds(scene({ scene_markers: markers }), ['markers'], full.options, 'all')).missing,
    ).toEqual([]);
    expect(full.checked).toEqual(done.map((p) => join(GEN, p)));
    const partial = disk(done.filter((p) => !p.endsWith('0.jpg')));
    expect(
      (await sceneNeeds(scene({ scene_markers: markers }), ['markers'], partial.options, 'first')).missing,
    ).toEqual(['markers']);
    expect((await sceneNeeds(scene(), ['markers'], disk([]).options, 'first')).missing).toEqual([]);
  });

  it('names files by md5 under the MD5 naming algorithm', async () => {
    const { options, checked } = disk([], { naming: 'MD5' });
    await sceneNeeds(scene(), ['preview'], options, 'first');
    expect(checked).toEqual([join(GEN, 'screenshots', 'ffeeddccbbaa99887766554433221100.mp4')]);
  });

  it('cover only through lacksCover, asked last and only when nothing else decided', async () => {
    const asked: string[] = [];
    const lacksCover = async (id: string) => (asked.push(id), true);
    const { options } = disk([], { lacksCover });
    expect((await sceneNeeds(scene({ phash: false }), ['phash', 'cover'], options, 'first')).missing).toEqual(
      ['phash'],
    );
    expect(asked).toEqual([]);
    expect((await sceneNeeds(scene(), ['phash', 'cover'], options, 'first')).missing).toEqual(['cover']);
    expect(asked).toEqual(['7']);
    expect((await sceneNeeds(scene(), ['cover'], disk([]).options, 'first')).missing).toEqual([]);
  });

  it('a scene without files, or without a fingerprint to name files after, lacks nothing it could get', async () => {
    const { options, checked } = disk([]);
    expect((await sceneNeeds(scene({ files: [] }), ['phash', 'sprite'], options, 'all')).missing).toEqual([]);
    const unnamed = scene({ files: [{ id: '1', path: '/x.mp4', fingerprints: [] }] as never });
    expect(await sceneNeeds(unnamed, ['sprite'], options, 'all')).toEqual({ missing: [], unnamed: true });
    expect(checked).toEqual([]);
  });

  it('without a generated folder nothing file-based is decided', async () => {
    const { options, checked } = disk([], { generatedDir: null });
    expect((await sceneNeeds(scene(), ['sprite', 'markers'], options, 'all')).missing).toEqual([]);
    expect(checked).toEqual([]);
  });
});
