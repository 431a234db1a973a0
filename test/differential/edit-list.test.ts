// Regression (differential seed 2000, file 15; issue #10): an MP4 cut by stream copy at a
// non-keyframe keeps the lead-in GOP before the edit's start, with pts < 0 and flagged discard
// (mov_fix_index). The stretch path once decoded that lead-in through its Matroska remux, where
// those packets lose their times, and returned lead-in frames for 11 seeks. The plan now keeps the
// lead-in out of every stretch (stretchIneligibility's comment has the mechanism): those seeks go
// per seek, the rest take the stretch path, and every frame equals Stash's.
import { execFile, spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, describe, expect, it } from 'vitest';
import { compareFile } from './compare-file.js';

const exec = promisify(execFile);
const missing = ['ffmpeg', 'ffprobe'].filter((bin) => spawnSync(bin, ['-version']).error !== undefined);
const skip = missing.length > 0 && process.env.CI !== 'true';

describe.skipIf(skip)(
  `MP4 edit list from a stream-copy cut ${skip ? `(skipped: ${missing.join(', ')} not found)` : ''}`,
  () => {
    let dir = '';
    afterAll(() => dir && rm(dir, { recursive: true, force: true }));

    it('gives Stash’s frames on every path', async () => {
      dir = await mkdtemp(join(tmpdir(), 'phashvaapi-editlist-'));
      const graph =
        'testsrc2=s=160x160:r=50:d=4.7[a];testsrc=s=160x160:r=50:d=3.7[b];testsrc2=s=160x160:r=50:d=4.3,negate[c];' +
        '[a][b][c]concat=n=3:v=1:a=0[out0]';
      // prettier-ignore
      await exec('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', graph, '-c:v', 'libx264', '-preset', 'veryfast',
      '-x264-params', 'keyint=300:min-keyint=5:scenecut=40:bframes=0:ref=6', '-pix_fmt', 'yuv420p', 'source.mp4'], { cwd: dir });
      await exec('ffmpeg', ['-v', 'error', '-y', '-ss', '3.7', '-i', 'source.mp4', '-c', 'copy', 'cut.mp4'], {
        cwd: dir,
      });
      // The case at hand: a keyframe 3.7 s before the edit's start, its GOP flagged discard.
      // prettier-ignore
      const { stdout } = await exec('ffprobe', ['-v', 'error', '-select_streams', 'v',
        '-show_entries', 'packet=pts,flags', '-of', 'csv=p=0', 'cut.mp4'], { cwd: dir });
      const lines = stdout.trim().split('\n');
      const packets = lines.map((line) => line.split(','));
      expect(packets[0]).toEqual(['-47360', 'KD']);
      expect(packets.filter(([pts, flags]) => Number(pts) < 0 && flags!.includes('D'))).toHaveLength(185);
      const result = await compareFile(join(dir, 'cut.mp4'));
      expect(result.phashSeeks + result.spriteSeeks).toBe(106);
      expect(result.disagreements).toEqual([]);
      // The stretch path serves every seek past the lead-in GOP (those within 0.1 s of a keyframe
      // aside); the 11 seeks it got wrong before go per seek.
      expect(result.compared.stretch).toBe(90);
      expect(result.compared.batch).toBeGreaterThan(90);
    }, 600_000);
  },
);
