import { describe, expect, it } from 'vitest';
import {
  pickChecks,
  verifyFastFrames,
  type FastPath,
  type FastPathDisagreement,
} from '../../../src/media/frame-check.js';
import { RunStats, formatRunSummary } from '../../../src/observability/run-stats.js';
import { WorkerStatus } from '../../../src/observability/worker-status.js';
import { createMemoryLogger } from '../../../src/observability/logger.js';
import { fastPathWatch } from '../../../src/pipeline/steps/generator-support.js';
import { createServiceMetrics } from '../../../service/http/metrics.js';

describe('pickChecks', () => {
  it('draws N distinct served frames, all of them for `all`, none for 0', () => {
    const served = [0, 2, 3, 7, 9];
    expect(pickChecks(served, 0)).toEqual([]);
    expect(pickChecks(served, 'all')).toEqual(served);
    expect(pickChecks(served, 9)).toEqual(served);
    for (const r of [0, 0.3, 0.99]) {
      const two = pickChecks(served, 2, () => r);
      expect(two).toHaveLength(2);
      expect(new Set(two).size).toBe(2);
      for (const i of two) expect(served).toContain(i);
    }
    // Every served frame can be drawn.
    expect(pickChecks(served, 1, () => 0)).toEqual([0]);
    expect(pickChecks(served, 1, () => 0.999)).toEqual([9]);
  });
});

// Five frames: 0-2 from the stretch path, 3 from a batch, 4 by Stash's command; Stash's frames
// are `s<i>`, and a fast path that is wrong at `wrong` returns `x<i>` there.
function setup(wrong: number | null) {
  const paths: (FastPath | null)[] = ['stretch', 'stretch', 'stretch', 'batch', null];
  const frames = paths.map((_, i) => Buffer.from(i === wrong ? `x${i}` : `s${i}`));
  const exactCalls: number[] = [];
  const told: FastPathDisagreement[] = [];
  const run = (checkFrames: number | 'all') =>
    verifyFastFrames({
      frames,
      paths,
      checkFrames,
      seeks: paths.map((_, i) => `${i}.5`),
      grabExact: async (i) => {
        exactCalls.push(i);
        return Buffer.from(`s${i}`);
      },
      version: async () => 'ffmpeg version 5.1.9',
      input: '/v.mp4',
      onDisagreement: (d) => told.push(d),
    });
  return { frames, exactCalls, told, run };
}

describe('verifyFastFrames', () => {
  it('0 checks nothing; N re-grabs N fast frames; `all` every fast frame, never Stash’s own', async () => {
    for (const [n, calls] of [
      [0, 0],
      [1, 1],
      [3, 3],
      ['all', 4],
    ] as const) {
      const s = setup(null);
      await s.run(n);
      expect(s.exactCalls, `checkFrames ${n}`).toHaveLength(calls);
      expect(s.exactCalls).not.toContain(4);
      expect(s.told).toEqual([]);
    }
  });

  it('on a difference, replaces every fast frame with Stash’s and reports the path and seek once', async () => {
    const s = setup(1);
    await s.run('all');
    expect(s.frames.map(String)).toEqual(['s0', 's1', 's2', 's3', 's4']);
    expect(s.told).toEqual([
      { input: '/v.mp4', path: 'stretch', seek: '1.5', ffmpegVersion: 'ffmpeg version 5.1.9' },
    ]);
  });

  it('a wrong frame the check does not draw stays (that is what N trades for speed)', async () => {
    const s = setup(1);
    await s.run(0);
    expect(String(s.frames[1])).toBe('x1');
  });

  it('checks drawn early (started beside the fast paths) are used; draws that missed are made up among served frames', async () => {
    const paths: (FastPath | null)[] = ['stretch', null, 'batch', 'stretch'];
    const frames = paths.map((_, i) => Buffer.from(`s${i}`));
    const calls: number[] = [];
    const verify = (started: Map<number, Promise<Buffer | null>>, checkFrames: number) =>
      verifyFastFrames({
        frames,
        paths,
        checkFrames,
        started,
        seeks: paths.map((_, i) => `${i}`),
        grabExact: async (i) => {
          calls.push(i);
          return Buffer.from(`s${i}`);
        },
        version: async () => 'v',
        input: '/v.mp4',
      });
    // A served early draw is the check: no second grab.
    await verify(new Map([[2, Promise.resolve(Buffer.from('s2'))]]), 1);
    expect(calls).toEqual([]);
    // An early draw Stash's command served (1) is no check: one served frame is drawn late.
    await verify(new Map([[1, Promise.resolve(Buffer.from('s1'))]]), 1);
    expect(calls).toHaveLength(1);
    expect([0, 2, 3]).toContain(calls[0]);
    // An early grab that differs is a disagreement like any other.
    const told: string[] = [];
    await verifyFastFrames({
      frames,
      paths,
      checkFrames: 1,
      started: new Map([[3, Promise.resolve(Buffer.from('other'))]]),
      seeks: paths.map((_, i) => `${i}`),
      grabExact: async (i) => Buffer.from(`s${i}`),
      version: async () => 'v',
      input: '/v.mp4',
      onDisagreement: (d) => told.push(d.seek),
    });
    expect(told).toEqual(['3']);
    expect(String(frames[3])).toBe('other');
  });

  it('a fast frame where Stash’s command fails counts as a difference, and Stash’s error comes out', async () => {
    const frames = [Buffer.from('a'), Buffer.from('b')];
    const told: FastPathDisagreement[] = [];
    const check = verifyFastFrames({
      frames,
      paths: ['batch', 'batch'],
      checkFrames: 'all',
      seeks: ['1', '2'],
      grabExact: async (i) => {
        if (i === 1) throw new Error('frame 2/2: ffmpeg returned no image');
        return Buffer.from('a');
      },
      version: async () => 'v',
      input: '/v.mp4',
      onDisagreement: (d) => told.push(d),
    });
    await expect(check).rejects.toThrow('no image');
    expect(told.map((d) => d.seek)).toEqual(['2']);
  });
});

describe('a disagreement is logged once and counted in the run statistics and /metrics', () => {
  it('warns naming file, path, seek and ffmpeg version; counts in RunStats, its text, and the counter', async () => {
    const logger = createMemoryLogger();
    const watch = fastPathWatch({ logger });
    watch.onFastPathDisagreement({
      input: '/v.mp4',
      path: 'batch',
      seek: '12.3',
      ffmpegVersion: 'ffmpeg version 7.1',
    });
    const warnings = logger.entries.filter((e) => e.level === 'warn');
    expect(warnings).toHaveLength(1);
    expect(warnings[0]!.message).toContain('/v.mp4');
    expect(warnings[0]!.fields).toMatchObject({
      file: '/v.mp4',
      path: 'batch',
      seek: '12.3',
      ffmpeg: 'ffmpeg version 7.1',
    });

    const stats = new RunStats(0);
    stats.record('phash', 'done', 10, { fastPathDisagreements: watch.disagreements() });
    stats.record('sprite', 'done', 10, { fastPathDisagreements: 0 });
    const summary = stats.summarize(1000);
    expect(summary.fastPathDisagreements).toBe(1);
    expect(formatRunSummary(summary)).toContain("disagreed with Stash's command on 1 file");
    expect(formatRunSummary(new RunStats(0).summarize(1))).not.toContain('disagreed');

    const status = new WorkerStatus();
    const metrics = createServiceMetrics(status, () => false);
    const counter = async () =>
      /phashvaapi_fast_path_disagreements_total\{step="phash"\} (\d+)/.exec(await metrics.text())?.[1];
    expect(await counter()).toBe('0');
    status.record({
      type: 'scene-finished',
      scene: {
        sceneId: '1',
        title: '',
        status: 'done',
        failure: null,
        steps: [
          { step: 'phash', outcome: 'done', ms: 5, detail: '', hardware: false, fastPathDisagreements: 1 },
        ],
      },
      done: 1,
      total: 1,
    });
    expect(await counter()).toBe('1');
    expect(status.snapshot().summary.fastPathDisagreements).toBe(1);
    metrics.close();
  });
});
