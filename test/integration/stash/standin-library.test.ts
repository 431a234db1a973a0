// Real videos as a Stash library (oshash, md5, ffprobe duration) and the stash-standin CLI.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryFromVideos, oshashFile } from '../../standin/library.js';
import { REPO_ROOT } from '../../helpers/shared.js';

const HAS_FFMPEG = existsSync('/usr/bin/ffmpeg') && existsSync('/usr/bin/ffprobe');

// The spec's oshash, written the slow, obvious way: whole file in memory, BigInt words.
function referenceOshash(bytes: Buffer): string {
  const chunk = Math.min(65536, Math.floor(bytes.length / 8) * 8);
  let sum = BigInt(bytes.length);
  for (let i = 0; i < chunk; i += 8) sum += bytes.readBigUInt64LE(i);
  for (let i = bytes.length - chunk; i < bytes.length; i += 8) sum += bytes.readBigUInt64LE(i);
  return (sum % 2n ** 64n).toString(16).padStart(16, '0');
}

const why = HAS_FFMPEG ? '' : ' (skipped: ffmpeg/ffprobe not found in /usr/bin)';

describe.skipIf(!HAS_FFMPEG)(`libraryFromVideos and the CLI${why}`, () => {
  let dir = '';
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'phv-standin-'));
    const ffmpeg = (args: string[]) => execFileSync('/usr/bin/ffmpeg', ['-v', 'error', '-y', ...args]);
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=64x48:rate=10:duration=1.234',
      '-c:v',
      'libx264',
      join(dir, 'a-small.mp4'),
    ]);
    ffmpeg([
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=25:duration=3',
      '-c:v',
      'mpeg4',
      '-q:v',
      '2',
      join(dir, 'b-large.mkv'),
    ]);
    writeFileSync(join(dir, 'c-broken.mp4'), Buffer.alloc(4096, 7));
    writeFileSync(join(dir, 'notes.txt'), 'not a video');
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('makes one scene per readable video with Stash-style fingerprints and duration', async () => {
    const scenes = await libraryFromVideos(dir);
    expect(scenes.map((s) => s.files![0]!.path)).toEqual([
      join(dir, 'a-small.mp4'),
      join(dir, 'b-large.mkv'),
    ]);
    for (const scene of scenes) {
      const file = scene.files![0]!;
      const bytes = readFileSync(file.path);
      expect(file.oshash).toBe(referenceOshash(bytes));
      expect(file.md5).toBe(createHash('md5').update(bytes).digest('hex'));
      expect(file.size).toBe(bytes.length);
    }
    expect(readFileSync(join(dir, 'b-large.mkv')).length).toBeGreaterThan(131072);
    expect(scenes[0]!.files![0]).toMatchObject({ width: 64, height: 48, frameRate: 10, duration: 1.3 });
    expect(scenes[1]!.files![0]).toMatchObject({ width: 320, height: 240, frameRate: 25, duration: 3 });
    await expect(oshashFile(join(dir, 'notes.txt'))).resolves.toMatch(/^[0-9a-f]{16}$/);
  });

  it('npm run stash-standin prints its URL first and serves the folder until killed', async () => {
    const child = spawn(
      join(REPO_ROOT, 'node_modules/.bin/tsx'),
      ['test/standin/main.ts', '--port', '0', '--videos', dir, '--api-key', 'cli-key'],
      {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const firstLine = await new Promise<string>((resolve) =>
      createInterface({ input: child.stdout }).once('line', resolve),
    );
    const match = /^Stash stand-in listening on (http:\/\/127\.0\.0\.1:\d+\/graphql)$/.exec(firstLine);
    expect(match).not.toBeNull();
    const res = await fetch(match![1]!, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ApiKey: 'cli-key' },
      body: JSON.stringify({ query: '{ findScenes(scene_filter: { is_missing: "phash" }) { count } }' }),
    });
    expect(await res.json()).toEqual({ data: { findScenes: { count: 2 } } });
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
  });
});
