import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { FfmpegError, MediaError } from '../../../src/errors.js';
import {
  buildBatchGrabArgs,
  grabFrames,
  nextChunkSize,
  splitIntoBatches,
} from '../../../src/media/frame-grab.js';
import type { ProcessRunner, RunOptions } from '../../../src/media/run-process.js';
import { buildScreenshotArgs } from '../../../src/media/screenshot-args.js';

describe('splitIntoBatches', () => {
  it('covers every index once, in order, in near-equal runs', () => {
    const batches = splitIntoBatches(25, 2, 8);
    expect(batches.flat()).toEqual(Array.from({ length: 25 }, (_, i) => i));
    expect(batches.map((b) => b.length)).toEqual([6, 6, 6, 7]);
  });

  it('never exceeds the per-process cap and never makes empty batches', () => {
    for (const [n, parts, max] of [
      [25, 1, 30],
      [25, 8, 8],
      [3, 8, 8],
      [1, 2, 8],
      [81, 2, 8],
    ] as const) {
      const batches = splitIntoBatches(n, parts, max);
      expect(batches.flat()).toHaveLength(n);
      expect(Math.max(...batches.map((b) => b.length))).toBeLessThanOrEqual(max);
      expect(batches.every((b) => b.length > 0)).toBe(true);
    }
    expect(splitIntoBatches(25, 1, 30)).toHaveLength(1);
  });
});

describe('buildBatchGrabArgs', () => {
  it("gives every seek its own single-threaded input and Stash's output chain", () => {
    expect(buildBatchGrabArgs('/v.mp4', [0.1, 0.17200000000000001], '/tmp/x', 2)).toEqual([
      '-v',
      'error',
      '-y',
      '-threads',
      '1',
      '-ss',
      '0.1',
      '-i',
      '/v.mp4',
      '-threads',
      '1',
      '-ss',
      '0.17200000000000001',
      '-i',
      '/v.mp4',
      '-map',
      '0:2',
      '-frames:v',
      '1',
      '-vf',
      'scale=160:-2',
      '-c:v',
      'bmp',
      '-f',
      'rawvideo',
      '/tmp/x/0.bmp',
      '-map',
      '1:2',
      '-frames:v',
      '1',
      '-vf',
      'scale=160:-2',
      '-c:v',
      'bmp',
      '-f',
      'rawvideo',
      '/tmp/x/1.bmp',
    ]);
  });
});

// Batched grabs (our -threads 1 inputs) fail; Stash's own per-frame command answers.
function failingBatchRunner(onSingle: (o: RunOptions) => Buffer): {
  run: ProcessRunner;
  calls: RunOptions[];
} {
  const calls: RunOptions[] = [];
  const run: ProcessRunner = async (o) => {
    calls.push(o);
    if (o.bin === 'ffprobe') {
      const streams = [{ index: 0, codec_type: 'video', width: 320, height: 240 }];
      return {
        stdout: Buffer.from(JSON.stringify({ streams })),
        stderr: '',
        durationMs: 1,
        escapedCommand: '',
      };
    }
    if (o.args.includes('-threads')) {
      throw new FfmpegError({
        escapedCommand: 'ffmpeg …',
        exitCode: 1,
        signal: null,
        timedOut: false,
        isCanceled: false,
        stderrTail: 'boom',
        durationMs: 1,
        reason: 'exited with code 1',
      });
    }
    return { stdout: onSingle(o), stderr: '', durationMs: 1, escapedCommand: '' };
  };
  return { run, calls };
}

// Stash's per-seek commands ordered by their -ss value.
function bySeek(runs: (readonly string[])[]): (readonly string[])[] {
  const seek = (args: readonly string[]) => Number(args[args.indexOf('-ss') + 1]);
  return [...runs].sort((a, b) => seek(a) - seek(b));
}

describe('grabFrames', () => {
  it("re-runs a failed batch with Stash's exact per-frame command", async () => {
    const { run, calls } = failingBatchRunner((o) => Buffer.from(o.args[4]!));
    const frames = await grabFrames({
      run,
      ffmpeg: 'ffmpeg',
      ffprobe: 'ffprobe',
      input: '/v.mp4',
      seconds: [1, 2, 3],
      limit: pLimit(2),
      processes: 1,
    });
    expect(frames.map(String)).toEqual(['1', '2', '3']);
    expect(calls.filter((c) => c.args.includes('-threads')).length, 'batches tried').toBeGreaterThan(0);
    // Once per seek, in any order (the frame check's draw starts first).
    const singles = calls.filter((c) => c.bin === 'ffmpeg' && !c.args.includes('-threads'));
    expect(bySeek(singles.map((c) => c.args))).toEqual(
      [1, 2, 3].map((t) => buildScreenshotArgs('/v.mp4', t)),
    );
  });

  it('uses only Stash’s command when the stream ffmpeg picks is not certain', async () => {
    const calls: RunOptions[] = [];
    const run: ProcessRunner = async (o) => {
      calls.push(o);
      const streams = [0, 1].map((index) => ({ index, codec_type: 'video', width: 320, height: 240 }));
      const stdout = o.bin === 'ffprobe' ? JSON.stringify({ streams }) : o.args[4]!;
      return { stdout: Buffer.from(stdout), stderr: '', durationMs: 1, escapedCommand: '' };
    };
    const options = {
      run,
      ffmpeg: 'ffmpeg',
      input: '/v.mp4',
      seconds: [1, 2],
      limit: pLimit(2),
      processes: 1,
    };
    expect((await grabFrames({ ...options, ffprobe: 'ffprobe' })).map(String)).toEqual(['1', '2']);
    const ffmpegRuns = calls.filter((c) => c.bin === 'ffmpeg').map((c) => c.args);
    expect(bySeek(ffmpegRuns)).toEqual([1, 2].map((t) => buildScreenshotArgs('/v.mp4', t)));
  });

  it('fails the whole grab, naming the frame, when Stash would get no image', async () => {
    const { run } = failingBatchRunner((o) => (o.args[4] === '3' ? Buffer.alloc(0) : Buffer.from('x')));
    const grab = grabFrames({
      run,
      ffmpeg: 'ffmpeg',
      input: '/v.mp4',
      seconds: [1, 2, 3],
      limit: pLimit(2),
      processes: 1,
    });
    await expect(grab).rejects.toBeInstanceOf(MediaError);
    await expect(grab).rejects.toThrow('/v.mp4: frame 3/3 at 3 s: ffmpeg returned no image');
  });
});

describe('nextChunkSize (guided scheduling)', () => {
  it('starts big, ends with single seeks, and respects the bounds', () => {
    const sizes: number[] = [];
    for (let remaining = 25; remaining > 0; remaining -= sizes.at(-1)!)
      sizes.push(nextChunkSize(remaining, 2, 1, 8));
    expect(sizes).toEqual([7, 5, 4, 3, 2, 1, 1, 1, 1]);
    expect(nextChunkSize(25, 1, 1, 8)).toBe(8);
    expect(nextChunkSize(25, 2, 13, 30)).toBe(13);
    expect(nextChunkSize(3, 2, 13, 30)).toBe(3);
  });
});
