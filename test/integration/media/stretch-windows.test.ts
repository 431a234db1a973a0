// A long file's packet index is read in windows around the seeks (packet-windows.ts), and the
// frames the stretch path serves from such an index are still byte-identical to Stash's command.
// The file: 40 minutes of small B-frame H.264 (10 s GOPs), made by stream-copy concatenation.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goFloatString } from '../../../src/media/go-float.js';
import { runProcess } from '../../../src/media/run-process.js';
import { readPacketIndex } from '../../../src/media/stretch/packet-index.js';
import { readPacketIndexFor } from '../../../src/media/stretch/packet-windows.js';
import { phashTimestamps } from '../../../src/phash/timestamps.js';
import { checkStretchIdentity } from '../../helpers/stretch-identity.js';

const exec = promisify(execFile);

describe('stretch path on a 40-minute file, index read in windows', () => {
  let dir = '';
  let input = '';
  const duration = 2400;
  const seeks = phashTimestamps(duration).map(goFloatString);

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-windows-'));
    const segment = join(dir, 'segment.mp4');
    // prettier-ignore
    await exec('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=60',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '35', '-g', '250', '-keyint_min', '250',
      '-sc_threshold', '0', '-bf', '3', '-pix_fmt', 'yuv420p', segment,
    ]);
    await writeFile(join(dir, 'list.txt'), `file 'segment.mp4'\n`.repeat(duration / 60));
    input = join(dir, 'long.mp4');
    await exec('ffmpeg', ['-v', 'error', '-f', 'concat', '-i', join(dir, 'list.txt'), '-c', 'copy', input]);
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('reads a window per seek, far less than the whole stream', async () => {
    const windowed = await readPacketIndexFor(runProcess, 'ffprobe', input, seeks);
    const whole = await readPacketIndex(runProcess, 'ffprobe', input);
    expect(whole.windows).toBeUndefined();
    expect(windowed.windows).toHaveLength(25);
    expect(windowed.packets.length).toBeLessThan(whole.packets.length / 2);
    // Every window is a contiguous run of the whole stream's packets, starting at a keyframe.
    const at = new Map(whole.packets.map((p, i) => [p.pos, i]));
    for (const w of windowed.windows!) {
      const first = at.get(windowed.packets[w.from]!.pos)!;
      expect(whole.packets[first]!.key).toBe(true);
      expect(windowed.packets.slice(w.from, w.to)).toEqual(whole.packets.slice(first, first + w.to - w.from));
    }
  }, 120_000);

  it('serves the seeks from windows, each frame byte-identical to Stash’s command', async () => {
    const served = await checkStretchIdentity(input, phashTimestamps(duration));
    expect(served.length).toBeGreaterThanOrEqual(20);
  }, 300_000);
});
