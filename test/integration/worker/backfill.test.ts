// Backfill through `phashvaapi run` with real ffmpeg: a library where some scenes have a phash but
// no sprite, some a sprite but no preview, some a preview but no webp, some markers without
// media. Each --steps selection processes exactly the missing work (scenes and files), a second
// run finds nothing to do, marker media land at Stash's paths with Stash's names for fractional
// marker times, and a mixed selection claims each scene once for all its missing steps.
import { execa } from 'execa';
import { copyFile, mkdir, mkdtemp, readdir, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { SeedScene } from '../../standin/seed.js';
import { startStandin, type Standin } from '../../standin/server.js';
import { runCli } from '../../helpers/cli.js';
import { cleanEnv, leftoverClaims } from '../../helpers/worker-harness.js';

const hash = (n: number) => `b0f1a5e0000000${String(n).padStart(2, '0')}`;
// A placeholder, not the video's phash: runs that select phash pass --allow-phash-mismatch, or the
// start-up parity sample would (rightly) refuse to write phashes.
const PHASH = 'c3a5a5a5a5a5a5a5';

interface RunJson {
  summary: {
    scenes: { done: number; failed: number; skipped: number };
    steps: {
      step: string;
      counts: { done: number; failed: number; skipped: number };
      medianMs: number | null;
      p95Ms: number | null;
      hardwareShare: number | null;
    }[];
    scenesPerHour: number | null;
  };
  batches: {
    claimed: number;
    mode: string;
    outcomes: { sceneId: string; status: string; steps: { step: string; outcome: string }[] }[];
  }[];
}

// The fixture: one real 8 s video shared by six scenes with their own oshash (so their own
// generated names), and what each already has in the generated folder.
async function library(dir: string): Promise<{ scenes: SeedScene[]; generated: string; video: string }> {
  const video = join(dir, 'v.mp4');
  const generated = join(dir, 'generated');
  // prettier-ignore
  await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=320x180:rate=25:duration=8', '-f', 'lavfi', '-i', 'sine=duration=8',
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', video]);
  const has = async (n: number, ...rel: string[]) => {
    for (const r of rel) {
      const path = join(generated, r.replaceAll('H', hash(n)));
      await mkdir(dirname(path), { recursive: true });
      // A present preview must be a real mp4: the webp is made from it.
      if (r.endsWith('.mp4') && r.startsWith('screenshots')) await copyFile(video, path);
      else await writeFile(path, 'already there');
    }
  };
  const sprite = ['vtt/H_sprite.jpg', 'vtt/H_thumbs.vtt'];
  await has(2, ...sprite);
  await has(3, ...sprite, 'screenshots/H.mp4');
  await has(4, ...sprite, 'screenshots/H.mp4', 'screenshots/H.webp');
  await has(
    5,
    ...sprite,
    'screenshots/H.mp4',
    'screenshots/H.webp',
    'markers/H/2.mp4',
    'markers/H/2.webp',
    'markers/H/2.jpg',
  );
  await has(6, ...sprite, 'screenshots/H.mp4', 'screenshots/H.webp');
  const file = (n: number, phash: boolean) => ({
    path: video,
    size: 1000,
    duration: 8,
    width: 320,
    height: 180,
    frameRate: 25,
    oshash: hash(n),
    ...(phash ? { phash: PHASH } : {}),
  });
  const cover = Buffer.from('cover');
  const scenes: SeedScene[] = [
    { title: 'hashed, nothing generated', files: [file(1, true)], cover },
    { title: 'sprite, no preview', files: [file(2, true)], cover },
    { title: 'preview, no webp', files: [file(3, true)], cover },
    {
      title: 'markers without media',
      files: [file(4, true)],
      cover,
      markers: [
        { seconds: 1.5, primaryTag: 'kiss', title: 'first' },
        { seconds: 3.25, primaryTag: 'kiss', title: 'second' },
      ],
    },
    {
      title: 'everything done',
      files: [file(5, true)],
      cover,
      markers: [{ seconds: 2, primaryTag: 'kiss' }],
    },
    { title: 'no phash', files: [file(6, false)], cover },
  ];
  return { scenes, generated, video };
}

// The workers' environment, with their own TMPDIR: preview chunks go to a private temp folder,
// which the generator tests watch in the shared one.
async function privateEnv(dir: string): Promise<NodeJS.ProcessEnv> {
  const tmp = join(dir, 'tmp');
  await mkdir(tmp, { recursive: true });
  return { ...cleanEnv(), HOME: dir, TMPDIR: tmp };
}

// Scene ids whose outcome did `step`, across the run's batches.
function did(run: RunJson, step: string): string[] {
  return run.batches
    .flatMap((b) => b.outcomes)
    .filter((o) => o.steps.some((s) => s.step === step && s.outcome === 'done'))
    .map((o) => o.sceneId)
    .sort();
}

async function listTree(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath, e.name).slice(dir.length + 1))
    .sort();
}

describe('backfill by --steps', () => {
  let dir: string;
  let fixture: Awaited<ReturnType<typeof library>>;
  let standin: Standin;
  let env: NodeJS.ProcessEnv;
  let base: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-backfill-'));
    fixture = await library(dir);
    standin = await startStandin({ scenes: fixture.scenes, generatedPath: fixture.generated });
    env = await privateEnv(dir);
    base = [
      '--stash-url',
      standin.baseUrl,
      '--error-log',
      join(dir, 'e.log'),
      '--hwaccel',
      'off',
      '--log-level',
      'warn',
      '--allow-phash-mismatch',
    ];
  }, 60_000);
  afterAll(async () => standin?.close());

  async function run(steps: string): Promise<RunJson> {
    const r = await runCli(['run', '--once', '--json', '--steps', steps, ...base], { env, extendEnv: false });
    expect(r.exitCode, r.stderr).toBe(0);
    return JSON.parse(r.stdout.trim().split('\n').at(-1)!) as RunJson;
  }

  async function expectNothingLeft(steps: string): Promise<void> {
    const again = await run(steps);
    expect(again.batches.map((b) => b.claimed)).toEqual([0]);
    const dry = await runCli(['run', '--dry-run', '--steps', steps, ...base], { env, extendEnv: false });
    expect(dry.stdout).toContain('This batch would process 0 scene(s)');
    expect(leftoverClaims(standin)).toEqual({ tags: 0, scenes: 0 });
  }

  it('sprite: only the scene without one; per-step statistics in --json', async () => {
    const before = await listTree(fixture.generated);
    const r = await run('sprite');
    expect(r.batches[0]!.mode).toBe('scan');
    expect(did(r, 'sprite')).toEqual(['1']);
    expect(r.batches.flatMap((b) => b.outcomes).map((o) => o.sceneId)).toEqual(['1']);
    expect(await listTree(fixture.generated)).toEqual(
      [...before, `vtt/${hash(1)}_sprite.jpg`, `vtt/${hash(1)}_thumbs.vtt`].sort(),
    );
    const sprite = await sharp(join(fixture.generated, 'vtt', `${hash(1)}_sprite.jpg`)).metadata();
    expect(sprite.format).toBe('jpeg');
    // Statistics: per step done/failed/skipped, median and p95 time, hardware share, scenes per hour.
    expect(r.summary.scenes).toEqual({ done: 1, failed: 0, skipped: 0 });
    expect(r.summary.steps).toEqual([
      expect.objectContaining({
        step: 'sprite',
        counts: { done: 1, failed: 0, skipped: 0 },
        hardwareShare: 0,
      }),
    ]);
    expect(r.summary.steps[0]!.medianMs).toBeGreaterThan(0);
    expect(r.summary.steps[0]!.p95Ms).toBe(r.summary.steps[0]!.medianMs);
    expect(r.summary.scenesPerHour).toBeGreaterThan(0);
    await expectNothingLeft('sprite');
  }, 180_000);

  it('preview: the two scenes without one', async () => {
    const r = await run('preview');
    expect(did(r, 'preview')).toEqual(['1', '2']);
    const made = (await readdir(join(fixture.generated, 'screenshots')))
      .filter((n) => n.endsWith('.mp4'))
      .sort();
    expect(made).toEqual([1, 2, 3, 4, 5, 6].map((n) => `${hash(n)}.mp4`));
    await expectNothingLeft('preview');
  }, 180_000);

  it('webp: the scenes with a preview but no webp', async () => {
    const r = await run('webp');
    expect(did(r, 'webp')).toEqual(['1', '2', '3']);
    const webp = await sharp(join(fixture.generated, 'screenshots', `${hash(3)}.webp`)).metadata();
    expect(webp.format).toBe('webp');
    await expectNothingLeft('webp');
  }, 180_000);

  it("markers: the scene whose markers lack media, at Stash's <int(seconds)> names", async () => {
    const r = await run('markers');
    expect(did(r, 'markers')).toEqual(['4']);
    const dir4 = join(fixture.generated, 'markers', hash(4));
    expect((await readdir(dir4)).sort()).toEqual(['1.jpg', '1.mp4', '1.webp', '3.jpg', '3.mp4', '3.webp']);
    // The 1.5 s marker: a clip from 1.5 s to the end of the 8 s video (Stash's -t 20), the frame at 1.5 s at the video's width.
    const probe = await execa('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      join(dir4, '1.mp4'),
    ]);
    expect(Number(probe.stdout)).toBeGreaterThan(6.2);
    expect(Number(probe.stdout)).toBeLessThan(6.8);
    const shot = await sharp(join(dir4, '3.jpg')).metadata();
    expect([shot.format, shot.width, shot.height]).toEqual(['jpeg', 320, 180]);
    expect((await sharp(join(dir4, '1.webp')).metadata()).format).toBe('webp');
    // Nothing left behind: no temp files, the done scene untouched.
    expect((await readdir(join(fixture.generated, 'markers', hash(5)))).sort()).toEqual([
      '2.jpg',
      '2.mp4',
      '2.webp',
    ]);
    await expectNothingLeft('markers');
  }, 240_000);

  it("phash: Stash's filter finds the one scene without a phash", async () => {
    const r = await run('phash');
    expect(r.batches[0]!.mode).toBe('filter');
    expect(did(r, 'phash')).toEqual(['6']);
    await expectNothingLeft('phash');
    await expectNothingLeft('phash,sprite,preview,webp,markers');
  }, 180_000);
});

describe('a mixed selection', () => {
  it('claims each scene once for all its missing steps, in one batch', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-backfill-mixed-'));
    const fixture = await library(dir);
    const standin = await startStandin({ scenes: fixture.scenes, generatedPath: fixture.generated });
    try {
      const env = await privateEnv(dir);
      const r = await runCli(
        [
          'run',
          '--once',
          '--json',
          '--steps',
          'phash,sprite,markers',
          '--stash-url',
          standin.baseUrl,
          '--error-log',
          join(dir, 'e.log'),
          '--hwaccel',
          'off',
          '--log-level',
          'warn',
          '--allow-phash-mismatch',
        ],
        { env, extendEnv: false },
      );
      expect(r.exitCode, r.stderr).toBe(0);
      const run = JSON.parse(r.stdout.trim().split('\n').at(-1)!) as RunJson;
      expect(run.batches).toHaveLength(1);
      const outcomes = run.batches[0]!.outcomes;
      // 1 lacks a sprite, 4 marker media, 6 a phash (found through Stash's filter first).
      expect(outcomes.map((o) => o.sceneId).sort()).toEqual(['1', '4', '6']);
      expect([did(run, 'phash'), did(run, 'sprite'), did(run, 'markers')]).toEqual([['6'], ['1'], ['4']]);
      // Claims live on the worker's own tag: claiming and releasing the three scenes wrote to
      // that tag and never to a scene (no scene failed, so no error tag either).
      const ops = standin.requests.map((q) => q.operationName);
      expect(ops.filter((o) => o === 'AddSceneTags' || o === 'RemoveSceneTags')).toEqual([]);
      expect(ops.filter((o) => o === 'UpdateTagDescription').length).toBeGreaterThanOrEqual(2);
    } finally {
      await standin.close();
    }
  }, 240_000);
});
