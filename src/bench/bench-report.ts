// The bench table: per row the medians of the Stash way and of ours, their ratio, and what the
// outputs had in common. The total adds up each run's software rows (the steps as run separately).
import type { BenchRow } from './file-bench.js';
import { median, type Measurement } from './measure.js';

const TOTAL_OF = new Set(['phash', 'cover', 'sprite', 'preview (libx264)', 'webp']);

export interface RowSummary {
  name: string;
  stashWallS: number;
  oursWallS: number;
  wallRatio: number;
  stashCpuS: number;
  oursCpuS: number;
  cpuRatio: number;
  agreement: string;
  mismatch: boolean;
}

function summarize(
  name: string,
  stash: Measurement[],
  ours: Measurement[],
  agreement: string,
  mismatch: boolean,
): RowSummary {
  const m = (xs: Measurement[], k: 'wallS' | 'cpuS') => median(xs.map((x) => x[k]));
  const s = { wall: m(stash, 'wallS'), cpu: m(stash, 'cpuS') };
  const o = { wall: m(ours, 'wallS'), cpu: m(ours, 'cpuS') };
  return {
    name,
    stashWallS: s.wall,
    oursWallS: o.wall,
    wallRatio: o.wall / s.wall,
    stashCpuS: s.cpu,
    oursCpuS: o.cpu,
    cpuRatio: o.cpu / s.cpu,
    agreement,
    mismatch,
  };
}

// Medians per row, plus the total of the software rows (summed per run, then the median).
export function summarizeRows(rows: readonly BenchRow[]): RowSummary[] {
  const out = rows.map((r) => summarize(r.name, r.stash, r.ours, r.agreement, r.mismatch));
  const parts = rows.filter((r) => TOTAL_OF.has(r.name));
  if (parts.length > 1) {
    const runs = Math.min(...parts.map((r) => r.stash.length));
    const sum = (pick: (r: BenchRow) => Measurement[]) =>
      Array.from({ length: runs }, (_, i) => ({
        wallS: parts.reduce((a, r) => a + pick(r)[i]!.wallS, 0),
        cpuS: parts.reduce((a, r) => a + pick(r)[i]!.cpuS, 0),
        maxRssMiB: Number.NaN,
        stdout: '',
      }));
    const mismatch = parts.some((r) => r.mismatch);
    out.push(
      summarize(
        `total (${parts.map((r) => r.name.split(' ')[0]).join(', ')})`,
        sum((r) => r.stash),
        sum((r) => r.ours),
        mismatch ? 'some Stash-exact output DIFFERS' : '',
        mismatch,
      ),
    );
  }
  return out;
}

const seconds = (s: number) => (Number.isFinite(s) ? `${s.toFixed(2)} s` : 'n/a');
const ratio = (r: number) => (Number.isFinite(r) ? `${r.toFixed(2)}x` : 'n/a');

export function formatBenchTable(summaries: readonly RowSummary[]): string {
  const header = ['step', 'stash wall', 'ours wall', 'ratio', 'stash cpu', 'ours cpu', 'ratio', 'outputs'];
  const cells = summaries.map((s) => [
    s.name,
    seconds(s.stashWallS),
    seconds(s.oursWallS),
    ratio(s.wallRatio),
    seconds(s.stashCpuS),
    seconds(s.oursCpuS),
    ratio(s.cpuRatio),
    s.agreement,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i]!.length)));
  return [header, ...cells]
    .map((line) =>
      line
        .map((c, i) => (i === line.length - 1 ? c : c.padEnd(widths[i]!)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}
