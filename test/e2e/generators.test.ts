// End to end on a real Stash: our cover, sprite + VTT, preview and webp next to Stash's own output
// for the same files. Stash generates first (with non-default preview settings); its files are moved
// aside; we generate into its generated folder, reached through a path map; then we compare with
// Stash's files and fetch ours through Stash's own URLs. A second Stash uses md5 naming.
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, symlink } from 'node:fs/promises';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { e2eCli, e2eDirs, stashArgs, synthLibrary, type E2eDirs } from '../helpers/e2e.js';
import {
  describeRealStash,
  removeRealStash,
  startRealStash,
  type RealScene,
  type RealStash,
} from '../helpers/real-stash.js';

const PREVIEW_SETTINGS = {
  previewSegments: 4,
  // Stash raises a segment duration below 0.75 s to 0.75 (stash-spec §3.2), so 1 s is honoured.
  previewSegmentDuration: 1,
  previewExcludeStart: '1',
  previewExcludeEnd: '0.5',
  previewPreset: 'veryfast',
};
const STEPS = 'cover,sprite,preview,webp';

// Files a scene's generated names use: `<hash>` per Stash's naming setting.
const artifacts = (hash: string): Record<string, string> => ({
  vtt: `vtt/${hash}_thumbs.vtt`,
  sprite: `vtt/${hash}_sprite.jpg`,
  preview: `screenshots/${hash}.mp4`,
  webp: `screenshots/${hash}.webp`,
});

async function fetchBytes(url: string, stash: RealStash): Promise<Buffer> {
  const response = await fetch(url, { headers: stash.headers });
  expect(response.status, url).toBe(200);
  return Buffer.from(await response.arrayBuffer());
}

async function probeDuration(path: string): Promise<number> {
  const out = await execa('ffprobe', [
    '-v',
    'error',
    '-show_entries',
    'format=duration',
    '-of',
    'csv=p=0',
    path,
  ]);
  return Number(out.stdout.trim());
}

async function keyframes(path: string): Promise<number> {
  const out = await execa('ffprobe', [
    '-v',
    'error',
    '-select_streams',
    'v',
    '-skip_frame',
    'nokey',
    '-show_entries',
    'frame=pts_time',
    '-of',
    'csv=p=0',
    path,
  ]);
  return out.stdout.trim().split('\n').filter(Boolean).length;
}

// x264 writes its settings (preset included) as text into the stream: "options: cabac=1 ...".
function x264Options(bytes: Buffer): string {
  const text = bytes.toString('latin1');
  const start = text.indexOf('options: ');
  expect(start, 'x264 options in the preview').toBeGreaterThan(0);
  return text.slice(start, text.indexOf('\0', start));
}

// Runs ours through a path map: Stash's paths (media and generated, both under dirs.root) are
// reached through a symlink, as on a worker machine that mounts Stash's storage elsewhere.
async function runOurs(stash: RealStash, dirs: E2eDirs, extra: string[] = []): Promise<void> {
  const mount = `${dirs.root}-mount`;
  await symlink(dirs.root, mount).catch(() => undefined);
  const result = await e2eCli(
    [
      'run',
      '--once',
      '--hwaccel',
      'off',
      '--steps',
      STEPS,
      '--path-map',
      `${dirs.root}=${mount}`,
      ...extra,
      ...stashArgs(stash, dirs),
    ],
    dirs,
  );
  expect(result.exitCode, result.stderr).toBe(0);
}

describeRealStash('e2e: generators next to Stash’s own (oshash naming)', () => {
  let dirs: E2eDirs;
  let stash: RealStash;
  let scenes: RealScene[];
  const stashOut = (): string => join(dirs.root, 'stash-own');

  beforeAll(async () => {
    dirs = await e2eDirs();
    await synthLibrary(dirs.media, ['first.mp4', 'second.mp4'], { seconds: 6 });
    stash = await startRealStash([dirs.media], { home: join(dirs.root, 'stash') });
    await stash.scan();
    await stash.configureGeneral(PREVIEW_SETTINGS);
    await stash.generate({ sprites: true, previews: true, imagePreviews: true, overwrite: true });
    // Stash's own files go aside; the generated folder is then empty of them for our run.
    await mkdir(join(stashOut(), 'vtt'), { recursive: true });
    await mkdir(join(stashOut(), 'screenshots'), { recursive: true });
    scenes = await stash.scenes();
    for (const scene of scenes)
      for (const rel of Object.values(artifacts(oshash(scene))))
        await rename(join(stash.generated, rel), join(stashOut(), rel));
    await runOurs(stash, dirs);
  }, 900_000); // Stash's Generate and ours: over 6 minutes on a loaded 2-core machine

  afterAll(async () => {
    if (stash) await removeRealStash(stash);
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
    if (dirs) await rm(`${dirs.root}-mount`, { force: true });
  });

  it('VTT byte-identical to Stash’s, sprite the same size', async () => {
    for (const scene of scenes) {
      const names = artifacts(oshash(scene));
      expect(await readFile(join(stash.generated, names.vtt!), 'utf8')).toBe(
        await readFile(join(stashOut(), names.vtt!), 'utf8'),
      );
      const ours = await sharp(join(stash.generated, names.sprite!)).metadata();
      const theirs = await sharp(join(stashOut(), names.sprite!)).metadata();
      expect([ours.format, ours.width, ours.height]).toEqual([theirs.format, theirs.width, theirs.height]);
    }
  });

  it('the preview follows the preview settings configured in that Stash', async () => {
    const { previewSegments, previewSegmentDuration } = PREVIEW_SETTINGS;
    for (const scene of scenes) {
      const rel = artifacts(oshash(scene)).preview!;
      const ours = await probeDuration(join(stash.generated, rel));
      const theirs = await probeDuration(join(stashOut(), rel));
      // 4 segments of 1 s (the default, 12 × 0.75 s = 9 s, is longer than the file: one 6 s chunk).
      expect(ours).toBeCloseTo(previewSegments * previewSegmentDuration, 1);
      expect(ours).toBeCloseTo(theirs, 1);
      // Each segment is its own x264 encode and so starts with a keyframe (1 s < x264's keyint).
      expect(await keyframes(join(stash.generated, rel))).toBe(previewSegments);
      expect(await keyframes(join(stashOut(), rel))).toBe(previewSegments);
      // The same x264 settings as Stash's encode, so the same preset (veryfast, not the default slow).
      const options = x264Options(await readFile(join(stash.generated, rel)));
      expect(options).toBe(x264Options(await readFile(join(stashOut(), rel))));
    }
  });

  it('Stash serves our cover, sprite, VTT, preview and webp through its own URLs', async () => {
    const fresh = await stash.scenes();
    const missingCover = await stash.gql<{ findScenes: { count: number } }>(
      '{ findScenes(scene_filter: { is_missing: "cover" }) { count } }',
    );
    expect(missingCover.findScenes.count).toBe(0);
    for (const scene of fresh) {
      const names = artifacts(oshash(scene));
      const cover = await sharp(await fetchBytes(scene.paths.screenshot!, stash)).metadata();
      expect([cover.format, cover.width, cover.height]).toEqual(['jpeg', 320, 240]);
      for (const [kind, rel] of Object.entries(names)) {
        const served = await fetchBytes(scene.paths[kind]!, stash);
        expect(served.equals(await readFile(join(stash.generated, rel))), kind).toBe(true);
      }
    }
  });
});

describeRealStash('e2e: generators on a real Stash with md5 naming', () => {
  let dirs: E2eDirs;
  let stash: RealStash;

  beforeAll(async () => {
    dirs = await e2eDirs();
    await synthLibrary(dirs.media, ['md5-one.mp4', 'md5-two.mp4'], { seconds: 3, seedBase: 7 });
    stash = await startRealStash([dirs.media], { home: join(dirs.root, 'stash') });
    await stash.configureGeneral({ calculateMD5: true, videoFileNamingAlgorithm: 'MD5' });
    await stash.scan();
    await runOurs(stash, dirs);
  }, 900_000);

  afterAll(async () => {
    if (stash) await removeRealStash(stash);
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
    if (dirs) await rm(`${dirs.root}-mount`, { force: true });
  });

  it('names files by the md5 of the file, and Stash serves them', async () => {
    const scenes = await stash.scenes();
    expect(scenes).toHaveLength(2);
    for (const scene of scenes) {
      const file = scene.files[0]!;
      const md5 = createHash('md5')
        .update(await readFile(file.path))
        .digest('hex');
      expect(file.fingerprints.find((f) => f.type === 'md5')?.value).toBe(md5);
      for (const [kind, rel] of Object.entries(artifacts(md5))) {
        const served = await fetchBytes(scene.paths[kind]!, stash);
        expect(served.equals(await readFile(join(stash.generated, rel))), kind).toBe(true);
      }
      const cover = await sharp(await fetchBytes(scene.paths.screenshot!, stash)).metadata();
      expect(cover.format).toBe('jpeg');
    }
  });
});

function oshash(scene: RealScene): string {
  const value = scene.files[0]!.fingerprints.find((f) => f.type === 'oshash')?.value;
  if (!value) throw new Error(`scene ${scene.id} has no oshash`);
  return value;
}
