// stripStss renames the video track's stss box (audio tracks have none: every AAC sample is a sync
// sample) and leaves a file ffmpeg still reads packet for packet.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { stripStss } from './mp4-boxes.js';

const exec = promisify(execFile);
const missing = ['ffmpeg', 'ffprobe'].filter((bin) => spawnSync(bin, ['-version']).error !== undefined);
const skip = missing.length > 0 && process.env.CI !== 'true';

describe.skipIf(skip)(`stripStss ${skip ? `(skipped: ${missing.join(', ')} not found)` : ''}`, () => {
  let dir = '';
  afterAll(() => dir && rm(dir, { recursive: true, force: true }));

  const videoPackets = async (file: string) =>
    (
      await exec('ffprobe', [
        '-v',
        'error',
        '-select_streams',
        'v',
        '-show_entries',
        'packet=pts',
        '-of',
        'csv',
        file,
      ])
    ).stdout
      .trim()
      .split('\n').length;

  it('renames the sync-sample table and keeps every packet readable', async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-stss-'));
    const file = join(dir, 'gop12.mp4');
    // prettier-ignore
    await exec('ffmpeg', ['-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=s=160x120:r=25:d=3',
      '-f', 'lavfi', '-i', 'sine=d=3', '-c:v', 'libx264', '-g', '12', '-pix_fmt', 'yuv420p', '-c:a', 'aac', file]);
    const before = { size: (await stat(file)).size, packets: await videoPackets(file) };
    expect(before.packets).toBe(75);
    expect(await stripStss(file)).toBe(1);
    expect(await stripStss(file)).toBe(0);
    expect((await stat(file)).size).toBe(before.size);
    expect(await videoPackets(file)).toBe(before.packets);
  }, 120_000);
});
