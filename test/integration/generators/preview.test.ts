// Real ffmpeg: the preview is ~segments × segment duration (ffprobe), short videos make one chunk,
// the webp follows from the mp4, Stash's slow-seek fallback pass takes over when the first pass
// fails, and nothing but the final files is ever left in the generated folder.
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewPath, webpPath } from '../../../src/generators/generated-paths.js';
import { planPreview } from '../../../src/generators/preview-plan.js';
import { resolvePreviewSettings, type PreviewSettings } from '../../../src/generators/preview-settings.js';
import { runPreview, runPreviewWebp } from '../../../src/generators/preview.js';
import { SOFTWARE_ENCODER } from '../../../src/media/hwaccel/types.js';
import { probeVideo } from '../../../src/media/probe.js';
import { runProcess } from '../../../src/media/run-process.js';
import { REPO_ROOT } from '../../helpers/shared.js';
import { probeOutput, realDeps, recordingRunner } from './deps.js';
import { fixture, type FixtureName } from './fixtures.js';
import { usePrivateTmpdir } from '../../helpers/private-tmpdir.js';

usePrivateTmpdir();

const FAKE_NO_XERROR = join(REPO_ROOT, 'test/fixtures/bin/ffmpeg-no-xerror');

const previewTemps = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('phashvaapi-preview-'));

let gen: string;
beforeAll(async () => {
  gen = await mkdtemp(join(tmpdir(), 'preview-gen-'));
});
afterAll(async () => rm(gen, { recursive: true, force: true }));

async function makePreview(
  name: FixtureName,
  hash: string,
  settings: PreviewSettings = {},
  deps = realDeps(),
) {
  const input = await fixture(name);
  const plan = planPreview(await probeVideo(runProcess, 'ffprobe', input), resolvePreviewSettings(settings));
  const output = previewPath(gen, hash);
  const result = await runPreview(plan, deps, { output, encoder: SOFTWARE_ENCODER });
  return { plan, output, result, deps };
}

describe('preview on synthesized files', () => {
  it('30 s 720p: 12 × 0.75 s, 640×360 h264+aac, then the webp from it; nothing else left', async () => {
    const before = await previewTemps();
    const { output, result, plan } = await makePreview('clip30_720p.mp4', 'aaaaaaaaaaaaaaaa');
    expect(plan.single).toBe(false);
    expect(result).toMatchObject({ hardware: false, fellBack: false, slowSeek: false });
    const info = await probeOutput(output);
    expect(info.duration).toBeGreaterThan(8.9);
    expect(info.duration).toBeLessThan(9.3);
    expect([info.streams.sort(), info.width, info.height]).toEqual([['aac', 'h264'], 640, 360]);
    expect((await stat(output)).mode & 0o777).toBe(0o644);
    const webp = await runPreviewWebp(
      output,
      webpPath(gen, 'aaaaaaaaaaaaaaaa'),
      resolvePreviewSettings(),
      realDeps(),
    );
    expect((await stat(webpPath(gen, 'aaaaaaaaaaaaaaaa'))).size).toBeGreaterThan(1000);
    expect((await readdir(join(gen, 'screenshots'))).sort()).toEqual([
      'aaaaaaaaaaaaaaaa.mp4',
      'aaaaaaaaaaaaaaaa.webp',
    ]);
    expect(await previewTemps()).toEqual(before);
    console.log(`preview 30 s 720p: ${result.ms} ms; webp: ${webp.ms} ms`);
  }, 300_000);

  it('no audio → -an; other segment settings are honoured', async () => {
    const { output } = await makePreview('clip12_noaudio.mp4', 'bbbbbbbbbbbbbbbb', {
      segments: 4,
      segmentDuration: 1,
      excludeStart: '10%',
    });
    const info = await probeOutput(output);
    expect(info.streams).toEqual(['h264']);
    expect(info.duration).toBeGreaterThan(3.9);
    expect(info.duration).toBeLessThan(4.2);
  }, 120_000);

  it('a 3 s video is one chunk of the whole video (no concat)', async () => {
    const { plan, output } = await makePreview('clip3_short.mp4', 'cccccccccccccccc');
    expect(plan.single).toBe(true);
    expect((await probeOutput(output)).duration).toBeCloseTo(3, 1);
  }, 120_000);

  it("a file only the slow-seek pass can encode gets Stash's fallback (seek pair past 20 s)", async () => {
    const run = recordingRunner(runProcess);
    const deps = realDeps({ ffmpeg: FAKE_NO_XERROR, run });
    const { result, output, plan } = await makePreview('clip40_small.mkv', 'dddddddddddddddd', {}, deps);
    expect(result.slowSeek).toBe(true);
    const start = plan.segments[7]!.start; // 23.33…: fast seek to start-20, then decode 20 s
    expect(
      run.calls.some((a) => a.join(' ').includes(`-ss ${start - 20} -i ${plan.input} -ss 20 -t 0.75`)),
    ).toBe(true);
    expect(run.calls.filter((a) => a.includes('-xerror')).length).toBeGreaterThan(0);
    expect((await probeOutput(output)).duration).toBeGreaterThan(8.9);
    expect(deps.logger.entries.some((e) => e.level === 'warn' && e.message.includes('slow-seek'))).toBe(true);
  }, 180_000);
});
