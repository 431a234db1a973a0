// The runtime frame check (media/frame-check.ts) on a stretch path that is wrong for one seek: a
// fault-injected pipe whose first decode returns an altered frame. With the check on, the phash is
// still Stash's and the disagreement is reported once; with it off, the wrong frame gets through
// (which shows the fault is real).
import { readFile, writeFile } from 'node:fs/promises';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { FastPathDisagreement } from '../../../src/media/frame-check.js';
import { grabFrames } from '../../../src/media/frame-grab.js';
import { runPipe, runProcess, type PipeRunner } from '../../../src/media/run-process.js';
import { computeVideoPhash } from '../../../src/phash/video-phash.js';
import { phashTimestamps } from '../../../src/phash/timestamps.js';
import { exec, stashPhashOf } from '../../helpers/edge-files.js';

const DURATION = 20;
const SECONDS = phashTimestamps(DURATION);

// The real pipe, except that the first pipe's first frame has its pixels inverted.
function faultyPipe(): PipeRunner {
  let first = true;
  return async (options) => {
    const result = await runPipe(options);
    if (first) {
      first = false;
      const out = options.sink.args.at(-1)!.replace('%d', '0');
      const bmp = await readFile(out);
      for (let k = 54; k < bmp.length; k++) bmp[k] = 255 - bmp[k]!;
      await writeFile(out, bmp);
    }
    return result;
  };
}

describe('the frame check against a stretch path wrong for one seek', () => {
  let dir = '';
  let input = '';
  let stash: { frames: Buffer[]; phash: bigint };
  const base = { run: runProcess, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', limit: pLimit(2), processes: 2 };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-check-'));
    input = join(dir, 'gops.mp4');
    // prettier-ignore
    await exec('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${DURATION}`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
      '-bf', '3', '-pix_fmt', 'yuv420p', input,
    ]);
    stash = await stashPhashOf(input, SECONDS, dir);
  }, 300_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('with --check-frames 0 the wrong frame gets through (the fault is real)', async () => {
    const frames = await grabFrames({
      ...base,
      runPipe: faultyPipe(),
      input,
      seconds: SECONDS,
      checkFrames: 0,
    });
    const wrong = frames.flatMap((bmp, i) => (bmp.equals(stash.frames[i]!) ? [] : [i]));
    expect(wrong).toHaveLength(1);
  }, 300_000);

  it('with --check-frames all the right phash comes out and the disagreement is reported once', async () => {
    const told: FastPathDisagreement[] = [];
    const { phash } = await computeVideoPhash(input, DURATION, {
      ...base,
      runPipe: faultyPipe(),
      checkFrames: 'all',
      onFastPathDisagreement: (d) => told.push(d),
    });
    expect(phash).toBe(stash.phash);
    expect(told).toHaveLength(1);
    expect(told[0]).toMatchObject({ input, path: 'stretch' });
    expect(told[0]!.ffmpegVersion).toMatch(/^ffmpeg version /);
  }, 300_000);

  it('the default check runs one Stash command, started before the fast paths end, so it overlaps them', async () => {
    const events: string[] = [];
    const frames = await grabFrames({
      ...base,
      run: async (options) => {
        const stash = options.args.includes('-ss') && !options.args.includes('-threads');
        if (stash) events.push('stash-start');
        return runProcess(options);
      },
      runPipe: async (options) => {
        const result = await runPipe(options);
        events.push('pipe-end');
        return result;
      },
      input,
      seconds: SECONDS,
    });
    frames.forEach((bmp, i) => expect(bmp.equals(stash.frames[i]!), `frame ${i + 1}`).toBe(true));
    expect(
      events.filter((e) => e === 'stash-start'),
      'Stash command runs',
    ).toHaveLength(1);
    expect(events.indexOf('stash-start'), 'the check started after the stretch pipes').toBeLessThan(
      events.indexOf('pipe-end'),
    );
  }, 300_000);

  it('a correct fast path passes the check silently', async () => {
    const told: FastPathDisagreement[] = [];
    const frames = await grabFrames({
      ...base,
      runPipe,
      input,
      seconds: SECONDS,
      checkFrames: 'all',
      onFastPathDisagreement: (d) => told.push(d),
    });
    frames.forEach((bmp, i) => expect(bmp.equals(stash.frames[i]!), `frame ${i + 1}`).toBe(true));
    expect(told).toEqual([]);
  }, 300_000);
});
