import { describe, expect, it } from 'vitest';
import { formatRunSummary, median, percentile, RunStats } from '../../../src/observability/run-stats.js';
import { formatDuration } from '../../../src/observability/format-duration.js';

describe('median / percentile', () => {
  it('median of odd and even counts, unsorted input', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
    expect(median([])).toBeNull();
  });

  it('p95 by nearest rank', () => {
    const hundred = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentile(hundred, 95)).toBe(95);
    expect(
      percentile(
        Array.from({ length: 20 }, (_, i) => i + 1),
        95,
      ),
    ).toBe(19);
    expect(percentile([10, 20, 30], 95)).toBe(30);
    expect(percentile([42], 95)).toBe(42);
    expect(percentile([3, 1, 2], 0)).toBe(1);
    expect(percentile([], 95)).toBeNull();
  });
});

describe('RunStats', () => {
  const build = () => {
    const stats = new RunStats(1_000);
    for (const ms of [100, 300, 200, 400]) stats.record('phash', 'done', ms);
    stats.record('phash', 'failed', 9_999);
    stats.record('preview', 'done', 1_000, { hardware: true });
    stats.record('preview', 'done', 3_000, { hardware: false });
    stats.record('preview', 'done', 2_000, { hardware: true });
    stats.record('preview', 'skipped', 0);
    stats.recordScene('done');
    stats.recordScene('done');
    stats.recordScene('done');
    stats.recordScene('failed');
    return stats;
  };

  it('counts outcomes and times only successful runs', () => {
    const summary = build().summarize(1_000 + 30 * 60_000);
    expect(summary.steps).toEqual([
      {
        step: 'phash',
        counts: { done: 4, failed: 1, skipped: 0 },
        medianMs: 250,
        p95Ms: 400,
        hardwareShare: 0,
      },
      {
        step: 'preview',
        counts: { done: 3, failed: 0, skipped: 1 },
        medianMs: 2_000,
        p95Ms: 3_000,
        hardwareShare: 2 / 3,
      },
    ]);
    expect(summary.scenes).toEqual({ done: 3, failed: 1, skipped: 0 });
    expect(summary.elapsedMs).toBe(30 * 60_000);
    expect(summary.scenesPerHour).toBe(6);
  });

  it('has no rate before time passes and no times for a step that never succeeded', () => {
    const stats = new RunStats(5);
    stats.record('cover', 'failed', 10);
    const summary = stats.summarize(5);
    expect(summary.scenesPerHour).toBeNull();
    expect(summary.steps[0]).toMatchObject({ medianMs: null, p95Ms: null, hardwareShare: null });
  });

  it('summaries are JSON-serialisable snapshots', () => {
    const stats = build();
    const first = stats.summarize(2_000);
    stats.record('phash', 'done', 1);
    expect(first.steps[0]?.counts.done).toBe(4);
    expect(JSON.parse(JSON.stringify(first))).toEqual(first);
  });

  it('renders a text summary', () => {
    expect(formatRunSummary(build().summarize(1_000 + 30 * 60_000))).toBe(
      [
        '3 scenes done, 1 failed, 0 skipped in 30m00s (6.0 scenes/h)',
        'step     done  failed  skipped  median     p95  hardware',
        'phash       4       1        0  250 ms  400 ms        0%',
        'preview     3       0        1   2.0 s   3.0 s       67%',
      ].join('\n'),
    );
    expect(formatRunSummary(new RunStats(0).summarize(0))).toBe('0 scenes done, 0 failed, 0 skipped in 0 ms');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 ms'],
    [999, '999 ms'],
    [1_000, '1.0 s'],
    [59_940, '59.9 s'],
    [61_000, '1m01s'],
    [3_600_000 + 2 * 60_000, '1h02m'],
    [-1, '-'],
    [Number.NaN, '-'],
  ])('%d ms → %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
