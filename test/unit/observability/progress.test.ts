import { describe, expect, it } from 'vitest';
import { createProgressBar, formatProgressLine } from '../../../src/observability/progress.js';

const fakeStream = (isTTY: boolean, columns = 61) => {
  const writes: string[] = [];
  return { isTTY, columns, writes, write: (text: string) => writes.push(text) };
};

describe('formatProgressLine', () => {
  it('fits the width, fills the bar in proportion and estimates the time left', () => {
    const line = formatProgressLine({ done: 25, total: 100, elapsedMs: 60_000, width: 60, label: 'phash' });
    expect(line).toBe('phash [#######---------------------]  25/100  25%  ETA 3m00s');
    expect(line).toHaveLength(60);
  });

  it('shows no ETA before the first item and the time taken at the end', () => {
    expect(formatProgressLine({ done: 0, total: 4, elapsedMs: 500, width: 40, label: '' })).toBe(
      `[${'-'.repeat(21)}]  0/4  0%  ETA --`,
    );
    expect(formatProgressLine({ done: 4, total: 4, elapsedMs: 61_000, width: 40, label: '' })).toBe(
      `[${'#'.repeat(15)}]  4/4  100%  took 1m01s`,
    );
  });

  it('keeps a minimal bar when the terminal is narrow, and copes with total 0', () => {
    expect(formatProgressLine({ done: 0, total: 0, elapsedMs: 0, width: 10, label: '' })).toBe(
      '[#####]  0/0  100%  took 0 ms',
    );
  });
});

describe('createProgressBar', () => {
  it('redraws in place with \\r, throttled, and ends with a newline', () => {
    let now = 0;
    const stream = fakeStream(true);
    const bar = createProgressBar({ stream, total: 3, label: 'x', now: () => now, minIntervalMs: 100 });
    bar.tick();
    now = 50;
    bar.tick();
    now = 150;
    bar.update(2, 4);
    bar.stop();
    bar.stop();
    expect(stream.writes).toHaveLength(4);
    expect(stream.writes.slice(0, 3).every((w) => w.startsWith('\r') && w.endsWith('\x1b[K'))).toBe(true);
    expect(stream.writes[0]).toContain('1/3');
    expect(stream.writes[1]).toContain('2/4');
    expect(stream.writes[2]).toContain('2/4');
    expect(stream.writes[3]).toBe('\n');
  });

  it('always draws the final item even inside the throttle interval', () => {
    const stream = fakeStream(true);
    const bar = createProgressBar({ stream, total: 2, now: () => 0 });
    bar.tick();
    bar.tick();
    expect(stream.writes.at(-1)).toContain('2/2');
  });

  it('writes nothing when the stream is not a TTY', () => {
    const stream = fakeStream(false);
    const bar = createProgressBar({ stream, total: 2 });
    bar.tick();
    bar.update(2);
    bar.stop();
    expect(stream.writes).toEqual([]);
  });
});
