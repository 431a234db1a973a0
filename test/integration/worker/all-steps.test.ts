// The whole scene through `phashvaapi run`: phash, cover, sprite + VTT, preview, webp land where
// and as Stash would put them, the cover Stash receives is ffmpeg's unchanged JPEG, a second run
// finds nothing to do, and a dry run lists every step's commands.
import { execa } from 'execa';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildCoverArgs } from '../../../src/generators/cover.js';
import { libraryFromVideos } from '../../standin/library.js';
import { startStandin, type Standin } from '../../standin/server.js';
import { runCli } from '../../helpers/cli.js';
import { cleanEnv, leftoverClaims } from '../../helpers/worker-harness.js';

const STEPS = 'phash,cover,sprite,preview,webp';

describe('run --steps phash,cover,sprite,preview,webp', () => {
  let dir: string;
  let generated: string;
  let standin: Standin;
  let env: NodeJS.ProcessEnv;
  let args: string[];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-steps-'));
    const videos = join(dir, 'videos');
    generated = join(dir, 'generated');
    await execa('mkdir', ['-p', videos, generated]);
    // prettier-ignore
    await execa('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=480x270:rate=25:duration=12', '-f', 'lavfi', '-i', 'sine=duration=12',
      '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-pix_fmt', 'yuv420p', '-c:a', 'aac', join(videos, 'a.mp4')]);
    standin = await startStandin({
      scenes: await libraryFromVideos(videos),
      generatedPath: generated,
      config: { previewSegments: 4 },
    });
    env = { ...cleanEnv(), HOME: dir };
    args = [
      '--stash-url',
      standin.baseUrl,
      '--steps',
      STEPS,
      '--error-log',
      join(dir, 'e.log'),
      '--hwaccel',
      'off',
    ];
  }, 60_000);
  afterAll(async () => standin?.close());

  it('dry run: lists the commands of every step and writes nothing', async () => {
    const before = standin.snapshot();
    const r = await runCli(['run', '--dry-run', '--json', ...args], { env, extendEnv: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout) as { batch: { plans: { step: string; commands: string[] }[] }[] };
    expect(report.batch[0]!.plans.map((p) => p.step)).toEqual([
      'phash',
      'cover',
      'sprite',
      'preview',
      'webp',
    ]);
    for (const p of report.batch[0]!.plans) expect(p.commands.length, p.step).toBeGreaterThan(0);
    expect(standin.snapshot()).toBe(before);
    expect(await readdir(generated)).toEqual([]);
  }, 60_000);

  it("writes Stash's artifacts, uploads ffmpeg's cover, and a second run has nothing to do", async () => {
    const r = await runCli(['run', '--once', ...args], { env, extendEnv: false });
    expect(r.exitCode, r.stderr).toBe(0);
    const scene = [...standin.state.scenes.values()][0]!;
    const file = scene.files[0]!;
    const oshash = String(file.fingerprints.find((f) => f.type === 'oshash')!.value);
    expect((await readdir(join(generated, 'vtt'))).sort()).toEqual([
      `${oshash}_sprite.jpg`,
      `${oshash}_thumbs.vtt`,
    ]);
    expect((await readdir(join(generated, 'screenshots'))).sort()).toEqual([
      `${oshash}.mp4`,
      `${oshash}.webp`,
    ]);

    const sprite = await sharp(join(generated, 'vtt', `${oshash}_sprite.jpg`)).metadata();
    expect([sprite.format, sprite.width, sprite.height]).toEqual(['jpeg', 1440, 9 * 90]);
    const vtt = await readFile(join(generated, 'vtt', `${oshash}_thumbs.vtt`), 'utf8');
    expect(vtt.startsWith('WEBVTT\n\n00:00:00.000 --> ')).toBe(true);
    expect(vtt.match(/#xywh=/g)).toHaveLength(81);
    expect(vtt).toContain(`${oshash}_sprite.jpg#xywh=1280,720,160,90`);

    const probe = await execa('ffprobe', [
      '-v',
      'error',
      '-show_entries',
      'format=duration',
      '-of',
      'csv=p=0',
      join(generated, 'screenshots', `${oshash}.mp4`),
    ]);
    expect(Number(probe.stdout)).toBeGreaterThan(4 * 0.75 - 0.2);
    expect(Number(probe.stdout)).toBeLessThan(4 * 0.75 + 0.5);

    // Stash's own cover command on the same file gives the bytes Stash now stores.
    const own = join(dir, 'own-cover.jpg');
    await execa('ffmpeg', buildCoverArgs(file.path, file.duration * 0.2, own));
    expect(scene.cover?.equals(await readFile(own))).toBe(true);
    expect(leftoverClaims(standin)).toEqual({ tags: 0, scenes: 0 });

    const again = await runCli(['run', '--dry-run', ...args], { env, extendEnv: false });
    expect(again.stdout).toContain('This batch would process 0 scene(s)');
  }, 240_000);
});
