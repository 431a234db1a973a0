// `phashvaapi verify`: on a stand-in seeded with correct and deliberately wrong phashes it reports
// both correctly (exact matches, each wrong one with its Hamming distance, unhashable files) and
// writes nothing; on reference videos with the phash a real Stash computed, every file matches.
import { copyFile, mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { VerifyReport } from '../../../src/pipeline/verify.js';
import { runCli } from '../../helpers/cli.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import { FAKE_FFMPEG, cleanEnv, uniformBmp } from '../../helpers/worker-harness.js';
import { libraryFromVideos } from '../../standin/library.js';
import { startStandin, type Standin } from '../../standin/server.js';

const opened: Standin[] = [];
afterAll(async () => Promise.all(opened.map((s) => s.close())));

// The fake ffmpeg returns a uniform frame, whose phash is 8000000000000000 (see uniformBmp).
const SEEDED: { phash?: string; missing?: boolean }[] = [
  { phash: '8000000000000000' },
  { phash: '8000000000000000' },
  { phash: '8000000000000000' },
  { phash: '8000000000000001' }, // 1 bit off
  { phash: 'c00000000000000e' }, // 4 bits off
  { phash: 'ff' }, // 9 bits off
  {}, // no phash: not part of the sample
  { phash: '8000000000000000', missing: true }, // file gone: not hashable
];

describe('phashvaapi verify', () => {
  it('reports exact matches, the distance of each wrong phash and unhashable files, read-only', async () => {
    const work = await mkdtemp(join(tmpdir(), 'phashvaapi-verify-'));
    await mkdir(join(work, 'media'));
    await writeFile(join(work, 'frame.bmp'), uniformBmp());
    const scenes = await Promise.all(
      SEEDED.map(async (s, i) => {
        const path = join(work, 'media', `v${i + 1}.mp4`);
        if (!s.missing) await writeFile(path, '');
        return {
          title: `v${i + 1}`,
          files: [
            {
              path,
              duration: 30,
              oshash: `${i + 1}`.padStart(16, '0'),
              ...(s.phash ? { phash: s.phash } : {}),
            },
          ],
        };
      }),
    );
    const standin = await startStandin({ scenes });
    opened.push(standin);
    const before = standin.snapshot();
    const env = { ...cleanEnv(), HOME: work, FAKE_BMP: join(work, 'frame.bmp') };
    const args = [
      'verify',
      '--stash-url',
      standin.baseUrl,
      '--ffmpeg-path',
      FAKE_FFMPEG,
      '--log-level',
      'error',
      '--sample',
      '50',
    ];

    const json = await runCli([...args, '--json'], { env, extendEnv: false });
    expect(json.exitCode, json.stderr).toBe(1);
    const report = JSON.parse(json.stdout) as VerifyReport;
    expect(report).toMatchObject({
      scenesScanned: 8,
      scenesInLibrary: 8,
      sampled: 7,
      matched: 3,
      mismatched: 3,
      failed: 1,
      distances: { 1: 1, 4: 1, 9: 1 },
    });
    const byScene = Object.fromEntries(report.files.map((f) => [f.sceneId, f]));
    expect(byScene['4']).toMatchObject({
      stored: '8000000000000001',
      computed: '8000000000000000',
      distance: 1,
      error: null,
    });
    expect(byScene['5']).toMatchObject({ stored: 'c00000000000000e', distance: 4 });
    expect(byScene['6']).toMatchObject({ stored: 'ff', distance: 9 });
    expect(byScene['8']).toMatchObject({
      computed: null,
      distance: null,
      error: expect.stringMatching(/missing or not readable/),
    });
    expect(byScene['7']).toBeUndefined();

    const text = await runCli(args, { env, extendEnv: false });
    expect(text.stdout).toMatch(/exact match\s+3 \(42\.9%\)/);
    expect(text.stdout).toMatch(/different\s+3 \(42\.9%\)/);
    expect(text.stdout).toMatch(/^\s+1: # 1$/m);
    expect(text.stdout).toMatch(/^\s+9: # 1$/m);
    expect(text.stdout).toContain('v6.mp4: Stash ff, here 8000000000000000, distance 9');

    const small = await runCli([...args.slice(0, -2), '--sample', '2', '--seed', '7', '--json'], {
      env,
      extendEnv: false,
    });
    expect((JSON.parse(small.stdout) as VerifyReport).sampled).toBe(2);
    expect(standin.snapshot()).toBe(before);
    expect(
      standin.requests.filter(
        (r) => r.operationName && !/^(Find|Get|Count|Introspect)/.test(r.operationName),
      ),
    ).toEqual([]);
  }, 60_000);

  const corpus = corpusContext();
  it.skipIf(!corpus.available)(
    `matches every phash a real Stash computed for reference videos ${corpus.reason}`,
    async () => {
      const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-verify-videos-'));
      const files = corpus.files
        .filter((f) => f.phash && f.expect === 'ok' && f.duration !== null)
        .sort((a, b) => a.duration! - b.duration!)
        .slice(0, 2);
      expect(files).toHaveLength(2);
      for (const f of files) await copyFile(corpus.pathOf(f.file), join(dir, f.file));
      const scenes = await libraryFromVideos(dir);
      expect(scenes).toHaveLength(2);
      for (const s of scenes) {
        const file = s.files![0]!;
        file.phash = files.find((f) => file.path.endsWith(f.file))!.phash!;
      }
      const standin = await startStandin({ scenes });
      opened.push(standin);
      const r = await runCli(
        ['verify', '--stash-url', standin.baseUrl, '--sample', '10', '--json', '--log-level', 'error'],
        {
          env: { ...cleanEnv(), HOME: dir },
          extendEnv: false,
        },
      );
      expect(r.exitCode, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout) as VerifyReport).toMatchObject({
        sampled: files.length,
        matched: files.length,
        mismatched: 0,
        failed: 0,
      });
    },
    120_000,
  );
});
