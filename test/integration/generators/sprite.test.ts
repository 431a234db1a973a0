// Real ffmpeg: the sprite is 1440 × 9h with 81 cues, the VTT follows the written sprite, the pair
// is published sprite-first with no temp files left, and for corpus files the whole run's VTT is
// byte-equal to what a real Stash wrote and the sprite has Stash's pixel size.
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spritePath, vttPath } from '../../../src/generators/generated-paths.js';
import { generateSprite } from '../../../src/generators/sprite.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import { HAS_ARTIFACTS, loadArtifacts, readArtifactVtt } from './artifacts.js';
import { realDeps } from './deps.js';
import { fixture } from './fixtures.js';

const HASH = '0123456789abcdef';
let gen: string;
beforeAll(async () => {
  gen = await mkdtemp(join(tmpdir(), 'sprite-gen-'));
});
afterAll(async () => {
  await rm(gen, { recursive: true, force: true });
});

const outputs = (hash = HASH) => ({ spritePath: spritePath(gen, hash), vttPath: vttPath(gen, hash) });

describe('sprite on synthesized files', () => {
  it('30 s 720p: 1440×810 baseline JPEG, 81 cues on the written size, nothing else left', async () => {
    const deps = realDeps();
    const result = await generateSprite(deps, await fixture('clip30_720p.mp4'), outputs());
    expect(result.plan.mode).toBe('normal');
    const meta = await sharp(outputs().spritePath).metadata();
    expect([meta.format, meta.width, meta.height, meta.isProgressive, meta.chromaSubsampling]).toEqual([
      'jpeg',
      1440,
      810,
      false,
      '4:2:0',
    ]);
    const vtt = await readFile(outputs().vttPath, 'utf8');
    expect(vtt.match(/ --> /g)).toHaveLength(81);
    expect(vtt).toContain(`${HASH}_sprite.jpg#xywh=1280,720,160,90\n`);
    expect(vtt.split('\n')[2]).toBe('00:00:00.000 --> 00:00:00.366'); // floor(900/81)/30 = 0.3666…
    expect((await readdir(join(gen, 'vtt'))).sort()).toEqual([`${HASH}_sprite.jpg`, `${HASH}_thumbs.vtt`]);
    console.log(`sprite 30 s 720p: ${result.ms} ms`);
  }, 120_000);

  it('3 s file: slow seek by frame index, 1440×1080', async () => {
    const result = await generateSprite(
      realDeps(),
      await fixture('clip3_short.mp4'),
      outputs('1111111111111111'),
    );
    expect(result.plan.mode).toBe('slow-seek');
    expect(result.plan.frames[80]).toBe(73); // round(80*74/81)
    expect([result.width, result.height]).toEqual([1440, 1080]);
  }, 120_000);

  it('writes only the VTT when asked, reading the existing sprite’s size', async () => {
    const o = outputs('2222222222222222');
    await writeFile(
      o.spritePath,
      await sharp({ create: { width: 1440, height: 720, channels: 3, background: '#000' } })
        .jpeg()
        .toBuffer(),
    );
    const result = await generateSprite(realDeps(), await fixture('clip12_noaudio.mp4'), {
      ...o,
      writeSprite: false,
    });
    expect(result.wroteSprite).toBe(false);
    expect(await readFile(o.vttPath, 'utf8')).toContain('2222222222222222_sprite.jpg#xywh=160,80,160,80\n');
  }, 60_000);

  it('fails on an unreadable file without leaving anything', async () => {
    const bad = join(gen, 'garbage.mp4');
    await writeFile(bad, Buffer.alloc(4096, 7));
    const o = outputs('3333333333333333');
    await expect(generateSprite(realDeps(), bad, o)).rejects.toThrow();
    expect(
      (await readdir(join(gen, 'vtt'))).filter((n) => n.startsWith('3333') || n.startsWith('.')),
    ).toEqual([]);
  }, 60_000);
});

const corpus = corpusContext();
const PICKS = ['c01_', 'c06_', 'c16_', 'c21_'];
const picked = loadArtifacts().filter(
  (a) => a.vtt && PICKS.some((p) => a.file.startsWith(p)) && corpus.files.some((f) => f.file === a.file),
);

describe.skipIf(!corpus.available || !HAS_ARTIFACTS)(
  `sprite run on corpus files matches Stash ${corpus.reason}`,
  () => {
    it('has the files it claims to check', () => expect(picked).toHaveLength(PICKS.length));

    it.each(picked.map((a) => [a.file, a] as const))(
      '%s',
      async (_, a) => {
        const o = outputs(a.oshash);
        await generateSprite(realDeps(), corpus.pathOf(a.file), o);
        const meta = await sharp(o.spritePath).metadata();
        expect([meta.width, meta.height]).toEqual([a.sprite!.width, a.sprite!.height]);
        expect(await readFile(o.vttPath, 'utf8')).toBe(readArtifactVtt(a.vtt!));
      },
      120_000,
    );
  },
);
