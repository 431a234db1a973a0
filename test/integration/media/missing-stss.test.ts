// Issue 10, bug 2: an MP4 without `stss`. ffmpeg's demuxer then seeks to any sample (every one is
// a keyframe by the MP4 spec), so Stash's command starts decoding at a P or B frame; ffprobe still
// flags only the IDR frames. The stretch planner must not trust those flags here: our frames and
// phash must be Stash's, or fail where Stash's fail.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { goFloatString } from '../../../src/media/go-float.js';
import { runPipe, runProcess } from '../../../src/media/run-process.js';
import { keyframeFlagsIneligibility, mp4IndexKeyframes } from '../../../src/media/stretch/mp4-keyframes.js';
import { readPacketIndex } from '../../../src/media/stretch/packet-index.js';
import { grabByStretches } from '../../../src/media/stretch/stretch-grab.js';
import { computeVideoPhash } from '../../../src/phash/video-phash.js';
import { phashTimestamps } from '../../../src/phash/timestamps.js';
import { makeWithoutStss, stashPhashOf } from '../../helpers/edge-files.js';

const DURATION = 20;
const SECONDS = phashTimestamps(DURATION);
const base = {
  run: runProcess,
  runPipe,
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffprobe',
  limit: pLimit(2),
  processes: 2,
};

describe('an MP4 whose stss box is missing', () => {
  let dir = '';
  let input = '';

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-no-stss-'));
    input = join(dir, 'no-stss.mp4');
    await makeWithoutStss(input, DURATION, dir);
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('ffprobe still flags only the IDR frames (the premise), and the tables say why not to trust them', async () => {
    const index = await readPacketIndex(runProcess, 'ffprobe', input);
    expect(index.packets.filter((p) => p.key)).toHaveLength(DURATION / 2);
    // The demuxer's index: every one of the 500 samples is a keyframe.
    const tables = mp4IndexKeyframes(input);
    expect(tables).toMatchObject({ samples: DURATION * 25 });
    expect(typeof tables !== 'string' && tables.keyframes.size).toBe(DURATION * 25);
    expect(keyframeFlagsIneligibility(input, index.packets)).toMatch(/keyframe flag differs/);
  });

  it('the stretch path serves none of its seeks', async () => {
    const got = await grabByStretches({ ...base, input, seeks: SECONDS.map(goFloatString) });
    expect(got.filter(Boolean)).toHaveLength(0);
  }, 120_000);

  it('the phash is the one Stash computes, or fails as Stash’s does', async () => {
    // Stash fails when a seek yields no image (stashPhashOf then throws reading or decoding it).
    const stash = await stashPhashOf(input, SECONDS, dir).then(
      (r) => r.phash,
      () => null,
    );
    const ours = await computeVideoPhash(input, DURATION, base).then(
      (r) => r.phash,
      () => null,
    );
    expect(ours).toBe(stash);
  }, 300_000);
});
