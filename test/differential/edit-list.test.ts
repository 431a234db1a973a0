// Regression (differential seed 2000, file 15): an MP4 cut by stream copy at a non-keyframe keeps
// the lead-in packets with negative pts behind an edit list, and the stretch path returned other
// frames than Stash's command. Such files now keep the per-seek path; every frame equals Stash's.
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
      const result = await compareFile(join(dir, 'cut.mp4'));
      expect(result.phashSeeks + result.spriteSeeks).toBe(106);
      expect(result.compared.batch).toBeGreaterThan(90);
      expect(result.disagreements).toEqual([]);
    }, 600_000);
  },
);
