// The audit's report: its shape, the estimate math for sampled counts, and the text a person reads.
// Pure: src/pipeline/audit.ts gathers the numbers.
import type { StepId } from '../config/types.js';
import type { DiscoveryMode, ScanStats } from '../discovery/finder.js';
import { FILE_STEPS, type FileStep } from '../discovery/scene-needs.js';
import type { StepPlan } from './context.js';

export interface AuditScene {
  id: string;
  title: string;
  plans: Omit<StepPlan, 'data'>[];
  problems: string[];
}

/** A count over the scope: exact, or estimated from a random sample with a 95% (Wilson) interval. */
export interface Estimate {
  count: number;
  exact: boolean;
  low: number;
  high: number;
  /** Scenes checked. */
  sample: number;
  /** Scenes the count is about. */
  population: number;
}

export interface AuditReport {
  /** What the run is restricted to, in words. */
  scope: string;
  steps: StepId[];
  /** How a batch finds its scenes (filter: Stash's is_missing; scan: generated files checked). */
  discovery: DiscoveryMode;
  library: {
    /** Scenes in scope. */
    scenes: number;
    missingPhash: number;
    missingCover: number;
    /** Per generated-file step; null when there is no generated folder to look in. */
    missingFiles: Record<FileStep, Estimate> | null;
    errorTagged: number;
    claimedByLiveWorkers: number;
    liveWorkers: number;
    /** Scenes a batch can pick from now (needing a selected step, not claimed, not error-tagged). */
    available: number;
    /** `available` as exact or estimated. */
    availableEstimate: Estimate;
  };
  batch: AuditScene[];
  /**
   * Scene updates (each runs users' Scene.Update hooks) the batch would make per scene: claims
   * never update scenes, so only cover uploads count (and error tags, which cannot be foreseen).
   */
  sceneUpdatesPerScene: number;
  /** What finding the batch cost when generated files were scanned. */
  scan: ScanStats | null;
}

// p̂·N with the Wilson score interval (95%) and a finite-population correction.
export function toEstimate(hits: number, n: number, population: number, exact: boolean): Estimate {
  if (exact || n === 0) {
    const count = n === 0 ? 0 : Math.round((hits * population) / n);
    return { count, exact: true, low: count, high: count, sample: n, population };
  }
  const z = 1.96;
  const p = hits / n;
  const fpc = population > 1 ? Math.sqrt((population - n) / (population - 1)) : 0;
  const z2n = (z * z) / n;
  const centre = (p + z2n / 2) / (1 + z2n);
  const half = ((z * Math.sqrt((p * (1 - p)) / n + z2n / (4 * n))) / (1 + z2n)) * fpc;
  return {
    count: Math.round(p * population),
    exact: false,
    low: Math.max(0, Math.floor((centre - half) * population)),
    high: Math.min(population, Math.ceil((centre + half) * population)),
    sample: n,
    population,
  };
}

const fmt = (n: number) => n.toLocaleString('en-US');

// "1,234" or "~41,200 (38,900-43,600)".
export function formatEstimate(e: Estimate): string {
  return e.exact ? fmt(e.count) : `~${fmt(e.count)} (${fmt(e.low)}-${fmt(e.high)})`;
}

const FILE_LABELS: Record<FileStep, string> = {
  sprite: 'scenes missing a sprite',
  preview: 'scenes missing a preview',
  webp: 'scenes missing a webp',
  markers: 'scenes missing marker media',
};

// The audit as text for a person.
export function formatAudit(report: AuditReport, maxCommandsPerStep = 2): string {
  const l = report.library;
  const row = (label: string, value: string) => `  ${label.padEnd(30)}${value}`;
  const lines = [
    `Library (${report.scope}): ${fmt(l.scenes)} scenes`,
    row('scenes missing a phash', fmt(l.missingPhash)),
    row('scenes missing a cover', fmt(l.missingCover)),
  ];
  if (l.missingFiles) {
    for (const step of FILE_STEPS) lines.push(row(FILE_LABELS[step], formatEstimate(l.missingFiles[step])));
    const any = Object.values(l.missingFiles)[0]!;
    lines.push(
      any.exact
        ? '  (generated files: every scene checked)'
        : `  (generated files: a random sample of ${fmt(any.sample)} scenes checked; ~ = estimate, range = 95% interval)`,
    );
  } else {
    lines.push('  generated files               unknown: no generated folder (set --generated-dir)');
  }
  lines.push(
    row('error-tagged scenes', fmt(l.errorTagged)),
    row('claimed by live workers', `${fmt(l.claimedByLiveWorkers)} (${l.liveWorkers} workers)`),
    row(`available to a batch`, `${formatEstimate(l.availableEstimate)} (steps: ${report.steps.join(',')})`),
    '',
    `This batch would process ${report.batch.length} scene(s):`,
  );
  if (report.scan) {
    const s = report.scan;
    lines.push(
      `  (found by scanning ${fmt(s.scenes)} scenes: ${s.pages} page request(s), ${fmt(s.fileChecks)} file checks${s.coverChecks ? `, ${s.coverChecks} cover checks` : ''})`,
    );
  }
  lines.push(
    `  (scene updates per scene: ${report.sceneUpdatesPerScene.toFixed(2)}; claims write only to the worker's claim tag)`,
  );
  for (const s of report.batch) {
    lines.push(`  scene ${s.id}${s.title ? ` "${s.title}"` : ''}`);
    if (s.plans.length === 0 && s.problems.length === 0) lines.push('    nothing to do');
    for (const p of s.plans) {
      lines.push(`    ${p.step}: ${p.summary}`);
      for (const c of p.commands.slice(0, maxCommandsPerStep)) lines.push(`      $ ${c}`);
      if (p.commands.length > maxCommandsPerStep)
        lines.push(`      (+${p.commands.length - maxCommandsPerStep} more commands; --json lists all)`);
    }
    for (const p of s.problems) lines.push(`    problem: ${p}`);
  }
  lines.push('', 'Dry run: nothing was written to Stash or to disk.');
  return lines.join('\n');
}
