// Issue 10, bug 1: Stash's command has no `-map`; ffmpeg picks the video stream by its own rule.
// Our multi-input batches and the stretch remux must decode that very stream, or leave the file
// to Stash's command. Both files here are synthesized; the reference is Stash's command itself.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grabFrames } from '../../../src/media/frame-grab.js';
import { goFloatString } from '../../../src/media/go-float.js';
import { runPipe, runProcess, type ProcessRunner, type RunOptions } from '../../../src/media/run-process.js';
import { grabByStretches } from '../../../src/media/stretch/stretch-grab.js';
import { computeVideoPhash } from '../../../src/phash/video-phash.js';
import { phashTimestamps } from '../../../src/phash/timestamps.js';
import { makeCoverFirst, makeTwoVideoStreams, stashPhashOf } from '../../helpers/edge-files.js';

const DURATION = 20;
const SECONDS = phashTimestamps(DURATION);

// The real runner, recording every ffmpeg argv.
function recordingRunner(): { run: ProcessRunner; calls: RunOptions[] } {
  const calls: RunOptions[] = [];
  return {
    calls,
    run: (o) => {
      calls.push(o);
      return runProcess(o);
    },
  };
}

const height = (bmp: Buffer): number => Math.abs(bmp.readInt32LE(22));
const base = { ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', runPipe, limit: pLimit(2), processes: 2 };

describe('two real video streams, the second larger and default', () => {
  let dir = '';
  let input = '';
  let stash: { frames: Buffer[]; phash: bigint };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-streams-'));
    input = join(dir, 'two-videos.mp4');
    await makeTwoVideoStreams(input, DURATION);
    stash = await stashPhashOf(input, SECONDS, dir);
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('Stash’s command decodes the larger, default stream (the premise: 160×90 frames)', () => {
    expect(stash.frames.map(height)).toEqual(SECONDS.map(() => 90));
  });

  it('all 25 frames and the phash equal Stash’s, through Stash’s own command only', async () => {
    const { run, calls } = recordingRunner();
    const frames = await grabFrames({ ...base, run, input, seconds: SECONDS });
    frames.forEach((bmp, i) => expect(bmp.equals(stash.frames[i]!), `frame ${i + 1}`).toBe(true));
    const ffmpegRuns = calls.filter((c) => c.bin === 'ffmpeg');
    expect(
      ffmpegRuns.every((c) => !c.args.includes('-map')),
      'no -map that Stash does not pass',
    ).toBe(true);
    const { phash } = await computeVideoPhash(input, DURATION, { ...base, run });
    expect(phash).toBe(stash.phash);
  }, 300_000);
});

describe('a cover picture as stream 0, the video as stream 1', () => {
  let dir = '';
  let input = '';
  let stash: { frames: Buffer[]; phash: bigint };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cover-first-'));
    input = join(dir, 'cover-first.mp4');
    await makeCoverFirst(input, DURATION, dir);
    stash = await stashPhashOf(input, SECONDS, dir);
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('Stash’s command decodes the video (the premise: 160×120 frames, not the square cover)', () => {
    expect(stash.frames.map(height)).toEqual(SECONDS.map(() => 120));
  });

  it('the batches serve it, mapping stream 1, frame for frame as Stash', async () => {
    const { run, calls } = recordingRunner();
    const frames = await grabFrames({ ...base, runPipe: undefined, run, input, seconds: SECONDS });
    frames.forEach((bmp, i) => expect(bmp.equals(stash.frames[i]!), `frame ${i + 1}`).toBe(true));
    const batches = calls.filter((c) => c.bin === 'ffmpeg' && c.args.includes('-map'));
    expect(batches.length, 'batches ran').toBeGreaterThan(0);
    const maps = batches.flatMap((c) => c.args.filter((_, k) => c.args[k - 1] === '-map'));
    expect(maps).toHaveLength(SECONDS.length);
    for (const m of maps) expect(m).toMatch(/^\d+:1$/);
  }, 300_000);

  it('the stretch path serves it, remuxing stream 1, frame for frame as Stash; so does the phash', async () => {
    const got = await grabByStretches({ ...base, run: runProcess, input, seeks: SECONDS.map(goFloatString) });
    const served = got.flatMap((bmp, i) => (bmp ? [i] : []));
    expect(served.length, 'seeks served by the stretch path').toBeGreaterThan(SECONDS.length / 2);
    for (const i of served) expect(got[i]!.equals(stash.frames[i]!), `frame ${i + 1}`).toBe(true);
    const { phash } = await computeVideoPhash(input, DURATION, { ...base, run: runProcess });
    expect(phash).toBe(stash.phash);
  }, 300_000);
});
