// The bench table's arithmetic: medians per row, ratios, the per-run total of the software rows,
// and that a Stash-exact mismatch in any row marks the total.
import { describe, expect, it } from 'vitest';
import { formatBenchTable, summarizeRows } from '../../src/bench/bench-report.js';
import type { BenchRow } from '../../src/bench/file-bench.js';

const m = (wallS: number, cpuS: number) => ({ wallS, cpuS, maxRssMiB: Number.NaN, stdout: '' });

describe('bench report', () => {
  const rows: BenchRow[] = [
    {
      name: 'phash',
      stash: [m(10, 9), m(12, 11), m(11, 10)],
      ours: [m(4, 5), m(2, 3), m(3, 4)],
      agreement: 'phash 1 equal',
      mismatch: false,
    },
    {
      name: 'cover',
      stash: [m(1, 1), m(1, 1), m(1, 1)],
      ours: [m(1, 1), m(1, 1), m(1, 1)],
      agreement: 'cover bytes DIFFER',
      mismatch: true,
    },
    {
      name: 'preview (vaapi on D)',
      stash: [m(9, 9), m(9, 9), m(9, 9)],
      ours: [m(1, 1), m(1, 1), m(1, 1)],
      agreement: 'x',
      mismatch: false,
    },
  ];

  it('medians, ratios, and a total summed per run over the software rows only', () => {
    const s = summarizeRows(rows);
    expect(s.map((r) => r.name)).toEqual(['phash', 'cover', 'preview (vaapi on D)', 'total (phash, cover)']);
    expect(s[0]).toMatchObject({ stashWallS: 11, oursWallS: 3, stashCpuS: 10, oursCpuS: 4 });
    expect(s[0]!.wallRatio).toBeCloseTo(3 / 11, 12);
    // Per run: stash 11, 13, 12 → 12; ours 5, 3, 4 → 4.
    expect(s[3]).toMatchObject({ stashWallS: 12, oursWallS: 4, mismatch: true });
    expect(s[3]!.agreement).toMatch(/DIFFERS/);
  });

  it('prints one aligned line per row', () => {
    const text = formatBenchTable(summarizeRows(rows));
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^step +stash wall +ours wall +ratio +stash cpu +ours cpu +ratio +outputs$/);
    expect(lines[1]).toMatch(/^phash +11\.00 s +3\.00 s +0\.27x +10\.00 s +4\.00 s +0\.40x +phash 1 equal$/);
    expect(lines).toHaveLength(5);
  });
});
