// Run statistics (pure: the caller passes the clock readings). Collects each step's outcome and
// time, then summarises per step: counts, median and p95 time of successful runs, the share done
// on hardware, and scenes per hour; as text for people and as a plain object for --json.
import type { PipelineStep } from '../errors.js';
import { formatDuration } from './format-duration.js';

export const OUTCOMES = ['done', 'failed', 'skipped'] as const;
export type Outcome = (typeof OUTCOMES)[number];

export type OutcomeCounts = Record<Outcome, number>;

export interface StepSummary {
  readonly step: PipelineStep;
  readonly counts: OutcomeCounts;
  /** Over `done` runs; null when there were none. */
  readonly medianMs: number | null;
  readonly p95Ms: number | null;
  /** Share (0..1) of `done` runs that used hardware acceleration; null when there were none. */
  readonly hardwareShare: number | null;
}

export interface RunSummary {
  readonly elapsedMs: number;
  readonly scenes: OutcomeCounts;
  /** Scenes done per hour of elapsed time; null before any time has passed. */
  readonly scenesPerHour: number | null;
  /** In the order each step was first recorded. */
  readonly steps: readonly StepSummary[];
  /** Files whose fast-path frames differed from Stash's command and were re-grabbed (media/frame-check.ts). */
  readonly fastPathDisagreements: number;
  /** What the run cost Stash (recordStash). */
  readonly stash: StashTraffic;
}

// Scene updates run users' Scene.Update.Post hooks: claims make none, so for phash-only work the
// target per scene is 0 (README "Claims").
export interface StashTraffic {
  readonly requests: number;
  readonly sceneUpdates: number;
  /** Per scene processed (done, failed or skipped); null before any scene. */
  readonly requestsPerScene: number | null;
  readonly sceneUpdatesPerScene: number | null;
}

interface StepRecord {
  counts: OutcomeCounts;
  doneMs: number[];
  hardware: number;
}

export class RunStats {
  readonly #startedAtMs: number;
  readonly #steps = new Map<PipelineStep, StepRecord>();
  readonly #scenes: OutcomeCounts = { done: 0, failed: 0, skipped: 0 };
  #requests = 0;
  #sceneUpdates = 0;
  #fastPathDisagreements = 0;

  constructor(startedAtMs: number) {
    this.#startedAtMs = startedAtMs;
  }

  // Records one run of one step; `hardware` says whether it ran on the GPU, `fastPathDisagreements`
  // on how many files its fast frame paths disagreed with Stash's command.
  record(
    step: PipelineStep,
    outcome: Outcome,
    ms: number,
    options: { hardware?: boolean; fastPathDisagreements?: number | undefined } = {},
  ): void {
    this.#fastPathDisagreements += options.fastPathDisagreements ?? 0;
    let entry = this.#steps.get(step);
    if (!entry) {
      entry = { counts: { done: 0, failed: 0, skipped: 0 }, doneMs: [], hardware: 0 };
      this.#steps.set(step, entry);
    }
    entry.counts[outcome]++;
    if (outcome !== 'done') return;
    entry.doneMs.push(ms);
    if (options.hardware) entry.hardware++;
  }

  // Records the outcome of a whole scene (what scenes per hour counts).
  recordScene(outcome: Outcome): void {
    this.#scenes[outcome]++;
  }

  // Adds Stash requests and scene updates (as counted by the Stash client) to the run's totals.
  recordStash(requests: number, sceneUpdates: number): void {
    this.#requests += requests;
    this.#sceneUpdates += sceneUpdates;
  }

  // The summary as of `nowMs` (same clock as the constructor's `startedAtMs`).
  summarize(nowMs: number): RunSummary {
    const elapsedMs = Math.max(0, nowMs - this.#startedAtMs);
    const steps = [...this.#steps].map(([step, entry]): StepSummary => {
      const done = entry.doneMs.length;
      return {
        step,
        counts: { ...entry.counts },
        medianMs: median(entry.doneMs),
        p95Ms: percentile(entry.doneMs, 95),
        hardwareShare: done === 0 ? null : entry.hardware / done,
      };
    });
    const scenesPerHour = elapsedMs === 0 ? null : (this.#scenes.done * 3_600_000) / elapsedMs;
    const processed = this.#scenes.done + this.#scenes.failed + this.#scenes.skipped;
    const stash: StashTraffic = {
      requests: this.#requests,
      sceneUpdates: this.#sceneUpdates,
      requestsPerScene: processed === 0 ? null : this.#requests / processed,
      sceneUpdatesPerScene: processed === 0 ? null : this.#sceneUpdates / processed,
    };
    const fastPathDisagreements = this.#fastPathDisagreements;
    return { elapsedMs, scenes: { ...this.#scenes }, scenesPerHour, steps, stash, fastPathDisagreements };
  }
}

// The middle value (mean of the two middle ones for an even count); null for no values.
export function median(values: readonly number[]): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

// Nearest-rank percentile: the smallest value with at least p% of the values at or below it.
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[rank - 1]!;
}

// A few lines for a person: totals and rate, then one aligned row per step.
export function formatRunSummary(summary: RunSummary): string {
  const { done, failed, skipped } = summary.scenes;
  const rate = summary.scenesPerHour === null ? '' : ` (${summary.scenesPerHour.toFixed(1)} scenes/h)`;
  const head = `${done} scenes done, ${failed} failed, ${skipped} skipped in ${formatDuration(summary.elapsedMs)}${rate}`;
  const { stash } = summary;
  const perScene = (n: number | null) => (n === null ? '' : ` (${n.toFixed(2)} per scene)`);
  const traffic = `Stash: ${stash.requests} requests${perScene(stash.requestsPerScene)}, ${stash.sceneUpdates} scene updates${perScene(stash.sceneUpdatesPerScene)}`;
  const n = summary.fastPathDisagreements;
  const check =
    n > 0
      ? [
          `fast frame paths disagreed with Stash's command on ${n} file${n === 1 ? '' : 's'}; their frames were grabbed Stash's way`,
        ]
      : [];
  const tail = [...check, ...(stash.requests > 0 ? [traffic] : [])];
  if (summary.steps.length === 0) return [head, ...tail].join('\n');
  const rows = [
    ['step', 'done', 'failed', 'skipped', 'median', 'p95', 'hardware'],
    ...summary.steps.map((s) => [
      s.step,
      String(s.counts.done),
      String(s.counts.failed),
      String(s.counts.skipped),
      s.medianMs === null ? '-' : formatDuration(s.medianMs),
      s.p95Ms === null ? '-' : formatDuration(s.p95Ms),
      s.hardwareShare === null ? '-' : `${Math.round(s.hardwareShare * 100)}%`,
    ]),
  ];
  const widths = rows[0]!.map((_, col) => Math.max(...rows.map((row) => row[col]!.length)));
  const lines = rows.map((row) =>
    row.map((cell, col) => (col === 0 ? cell.padEnd(widths[col]!) : cell.padStart(widths[col]!))).join('  '),
  );
  return [head, ...lines, ...tail].join('\n');
}
