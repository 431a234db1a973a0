// The stretch path on HEVC (stretch/hevc-nal.ts): every frame it serves must be the very bytes of
// Stash's per-frame command. Checked on synthesized libx265 files with short GOPs: x265's defaults
// (open GOP: CRA keyframes with RASL pictures, B-pyramid with TRAIL_N pictures) in MP4 and MKV, a
// closed-GOP MP4 (IDR keyframes), a 10-bit MKV, and an MP4 with temporal sub-layers (TSA_N pictures
// at TemporalId 1), and the MKV without Cues. Then the corpus's HEVC files (MKV 8- and 10-bit, a
// UHD hvc1 MP4).
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grabFrames } from '../../../src/media/frame-grab.js';
import { runPipe, runProcess } from '../../../src/media/run-process.js';
import { buildScreenshotArgs } from '../../../src/media/screenshot-args.js';
import type { ReadyStretch } from '../../../src/media/stretch/stretch-grab.js';
import { phashTimestamps } from '../../../src/phash/timestamps.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import { checkStretchIdentity } from '../../helpers/stretch-identity.js';

const exec = promisify(execFile);
const corpus = corpusContext();
// Phash and sprite seeks of a file of `duration` seconds, as a scene job asks for them.
const seeksFor = (duration: number) => [
  ...phashTimestamps(duration),
  ...Array.from({ length: 81 }, (_, i) => (i * duration) / 81),
];
const duration = 20;
const seconds = seeksFor(duration);

interface HevcFile {
  name: string;
  params: string;
  pixFmt: string;
  /** The file's keyframes are CRA pictures (open GOP). */
  cra: boolean;
}

// keyint 40 at 25 fps: a keyframe every 1.6 s, 13 GOPs.
const FILES: readonly HevcFile[] = [
  { name: 'default.mp4', params: '', pixFmt: 'yuv420p', cra: true },
  { name: 'default.mkv', params: '', pixFmt: 'yuv420p', cra: true },
  { name: 'closed.mp4', params: ':open-gop=0', pixFmt: 'yuv420p', cra: false },
  { name: 'ten-bit.mkv', params: '', pixFmt: 'yuv420p10le', cra: true },
  { name: 'layers.mp4', params: ':temporal-layers=1', pixFmt: 'yuv420p', cra: true },
];
// default.mkv remuxed to a pipe, where the muxer cannot write Cues: seeks land on the first keyframe
// and decode through the CRAs before the stretch's own.
const NO_CUES: HevcFile = { name: 'nocues.mkv', params: '', pixFmt: 'yuv420p', cra: true };

const base = { run: runProcess, runPipe, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', processes: 2 };

describe('stretch path on synthesized HEVC', () => {
  let dir = '';
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-hevc-'));
    const limit = pLimit(2);
    await Promise.all(
      FILES.map((f) =>
        limit(() =>
          // prettier-ignore
          exec('ffmpeg', [
            '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${duration}`,
            '-c:v', 'libx265', '-preset', 'superfast',
            '-x265-params', `log-level=error:keyint=40:min-keyint=40${f.params}`, '-pix_fmt', f.pixFmt,
            join(dir, f.name),
          ]),
        ),
      ),
    );
    const { stdout } = await exec(
      'ffmpeg',
      ['-v', 'error', '-i', join(dir, 'default.mkv'), '-c', 'copy', '-f', 'matroska', '-'],
      { encoding: 'buffer', maxBuffer: 1 << 28 },
    );
    await writeFile(join(dir, NO_CUES.name), stdout);
  }, 180_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it.each([...FILES, NO_CUES].map((f) => [f.name, f] as const))(
    '%s: serves most seeks, dropping frames, each byte-identical to Stash’s command',
    async (_, f) => {
      let pipes: readonly (readonly ReadyStretch[])[] = [];
      const served = await checkStretchIdentity(join(dir, f.name), seconds, { onPipes: (p) => (pipes = p) });
      // Seeks within 0.1 s of a keyframe (or 0.23 s before one in Matroska) go per seek.
      expect(served.length).toBeGreaterThan(seconds.length * 0.6);
      const stretches = pipes.flat();
      // Sub-layer non-reference pictures (TRAIL_N, TSA_N at the top sub-layer) were dropped.
      expect(stretches.reduce((n, r) => n + r.drops.length, 0)).toBeGreaterThan(0);
      // CRA-started stretches ran, each first in its pipe; IDR-started ones share pipes.
      const craStarts = stretches.filter((r) => !r.resets).length;
      if (f.cra) expect(craStarts).toBeGreaterThan(0);
      else expect(craStarts).toBe(0);
      for (const pipe of pipes) expect(pipe.slice(1).every((r) => r.resets)).toBe(true);
    },
    300_000,
  );

  it('grabFrames serves HEVC frames on the stretch path, each as Stash’s command', async () => {
    const input = join(dir, 'default.mp4');
    const phash = seconds.slice(0, 25);
    const paths: (string | null)[] = [];
    const disagreements: unknown[] = [];
    const frames = await grabFrames({
      ...base,
      limit: pLimit(2),
      input,
      seconds: phash,
      checkFrames: 'all',
      onPaths: (p) => paths.push(...p),
      onFastPathDisagreement: (d) => disagreements.push(d),
    });
    // The runtime frame check (media/frame-check.ts) covers the HEVC stretch frames and agrees.
    expect(disagreements).toEqual([]);
    expect(paths.filter((p) => p === 'stretch').length).toBeGreaterThan(12);
    const reference = await Promise.all(
      phash.map(
        async (t) => (await exec('ffmpeg', buildScreenshotArgs(input, t), { encoding: 'buffer' })).stdout,
      ),
    );
    frames.forEach((bmp, i) => expect(bmp.equals(reference[i]!), `seek ${phash[i]} s differs`).toBe(true));
  }, 300_000);
});

describe.skipIf(!corpus.available)(`stretch path on the corpus's HEVC files ${corpus.reason}`, () => {
  const files = corpus.files.filter((f) => f.expect === 'ok' && /hevc/.test(f.file));
  it('the corpus has HEVC files in MKV and MP4', () => {
    expect(files.filter((f) => f.file.endsWith('.mkv')).length).toBeGreaterThanOrEqual(2);
    expect(files.filter((f) => f.file.endsWith('.mp4')).length).toBeGreaterThanOrEqual(1);
  });
  for (const f of files)
    it(`${f.file}: every served frame byte-identical`, async () => {
      const input = corpus.pathOf(f.file);
      // Sprite seeks too on files past Stash's 5 s sprite limit (the 2 s UHD file: phash seeks only).
      const all = f.duration! >= 6 ? seeksFor(f.duration!) : phashTimestamps(f.duration!);
      const served = await checkStretchIdentity(input, all);
      expect(served.length).toBeGreaterThan(all.length / 2);
    }, 300_000);
});
