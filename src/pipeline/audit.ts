// The dry run: what needs doing across the library (every step, whatever is selected) and what
// one batch would do, scene by scene, with the ffmpeg commands it would run. Reads only: no claim
// tag, no error tag, no write at all.
//
// Phash, cover and the error tag are counted exactly by Stash's filters. Generated files
// (sprite, preview, webp, marker media) are not in Stash's database: they are checked on a
// random sample of scenes (exact when the scope is no larger than the sample) and reported with
// a 95% interval, so the audit costs the same few requests and file checks at any library size.
import pLimit from 'p-limit';
import { isClaimTagName, isLive } from '../claims/lease.js';
import type { StepId } from '../config/types.js';
import type { DiscoveryMode, ScanStats } from '../discovery/finder.js';
import { findListedScenes, WorkFinder } from '../discovery/finder.js';
import { randomSeed } from '../discovery/discover.js';
import { FILE_STEPS, isFilterStep, sceneNeeds, type FileStep } from '../discovery/scene-needs.js';
import { carriesNone, describeScope, pathCriteria, pathMatcher, scopeOf } from '../discovery/work-scope.js';
import { fileExists } from '../generators/atomic-write.js';
import {
  buildNeedingWorkFilter,
  countScenes,
  findScenesNeedingWork,
  findTagByExactName,
  findTagsByName,
  type WorkScene,
} from '../stash/api.js';
import { sceneLacksCover } from '../stash/scene-facts.js';
import type { SceneStep, StepPlan, WorkerContext } from './context.js';

export const AUDIT_SAMPLE = 200;
/** Scan windows the audit reads at most to show a batch (5 pages of 100 each). */
const AUDIT_MAX_WINDOWS = 20;

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
  /** What finding the batch cost when generated files were scanned. */
  scan: ScanStats | null;
}

// Builds the audit. Steps only plan here; their fence refuses any write.
export async function auditLibrary(
  ctx: Omit<WorkerContext, 'fence'>,
  steps: readonly SceneStep[],
  options: { exists?: (path: string) => Promise<boolean>; random?: () => number } = {},
): Promise<AuditReport> {
  const { client, config } = ctx;
  const exists = options.exists ?? fileExists;
  const random = options.random ?? Math.random;
  const scope = scopeOf(config);
  const now = Date.now();
  const claimTags = (await findTagsByName(client, config.claimTagPrefix, 'INCLUDES')).filter((t) =>
    isClaimTagName(t.name, config.claimTagPrefix),
  );
  // Without our own heartbeat we cannot learn Stash's clock offset; local time is close enough here.
  const live = claimTags.filter((t) =>
    isLive({ ...t, updatedAt: String(t.updated_at) }, now, config.leaseTtlSeconds * 1000),
  );
  const errorTag = await findTagByExactName(client, config.errorTag);
  const exclude = [...live.map((t) => t.id), ...(errorTag && !scope.retryErrors ? [errorTag.id] : [])];
  const naming = ctx.stash.videoFileNamingAlgorithm === 'MD5' ? 'MD5' : 'OSHASH';
  const selected = config.steps;

  // The population and a random sample of it (all of it when small enough).
  const path = pathCriteria(scope.pathFilter);
  let population: number;
  let sample: WorkScene[];
  if (scope.sceneIds) {
    const ids = shuffle([...scope.sceneIds], random).slice(0, AUDIT_SAMPLE);
    const inPath = pathMatcher(scope.pathFilter);
    const rows: WorkScene[] = [];
    for (let i = 0; i < ids.length; i += 100)
      rows.push(...(await findListedScenes(client, ids.slice(i, i + 100))));
    sample = rows.filter(inPath);
    // The listed scenes outside the path filter are not in scope.
    population = Math.round((scope.sceneIds.length * sample.length) / Math.max(1, rows.length));
  } else {
    const found = await findScenesNeedingWork(client, {
      missing: null,
      ...path,
      page: 1,
      perPage: AUDIT_SAMPLE,
      seed: randomSeed(random),
    });
    population = found.count;
    sample = found.scenes;
  }
  const exact = sample.length >= population;
  const estimate = (hits: number): Estimate => toEstimate(hits, sample.length, population, exact);

  const needsOptions = { generatedDir: ctx.generatedDir, naming, exists } as const;
  // A few scenes at a time: file checks may go to a NAS.
  const limit = pLimit(8);
  const perScene = await Promise.all(
    sample.map((scene) =>
      limit(() =>
        sceneNeeds(scene, [...FILE_STEPS], { ...needsOptions, lacksCover: null }, 'all').then(
          (n) => n.missing,
        ),
      ),
    ),
  );
  const missingFiles =
    ctx.generatedDir === null
      ? null
      : (Object.fromEntries(
          FILE_STEPS.map((step) => [step, estimate(perScene.filter((m) => m.includes(step)).length)]),
        ) as Record<FileStep, Estimate>);

  // Exact counts from Stash's filters (with --scene-ids, Stash cannot filter: counted in the sample).
  let missingPhash: number;
  let missingCover: number;
  let errorTagged: number;
  if (scope.sceneIds) {
    missingPhash = estimate(
      sample.filter((s) => s.files.some((f) => !f.fingerprints.some((fp) => fp.type === 'phash'))).length,
    ).count;
    let covers = 0;
    for (const s of sample) if (await sceneLacksCover(client, s.id)) covers++;
    missingCover = estimate(covers).count;
    errorTagged = errorTag ? estimate(sample.filter((s) => !carriesNone(s, [errorTag.id])).length).count : 0;
  } else {
    missingPhash = await countScenes(client, buildNeedingWorkFilter({ missing: 'phash', ...path }));
    missingCover = await countScenes(client, buildNeedingWorkFilter({ missing: 'cover', ...path }));
    errorTagged = errorTag
      ? await countScenes(client, {
          ...buildNeedingWorkFilter({ missing: null, ...path }),
          tags: { value: [errorTag.id], modifier: 'INCLUDES' },
        })
      : 0;
  }
  const claimedByLiveWorkers =
    live.length > 0
      ? await countScenes(client, { tags: { value: live.map((t) => t.id), modifier: 'INCLUDES' } })
      : 0;

  // Available to a batch: exact through the filter when only phash/cover are selected (and no
  // ids); otherwise the sample's share of scenes that are not excluded and lack a selected step.
  const finder = new WorkFinder(client, {
    steps: selected,
    scope,
    batchSize: config.batchSize,
    force: config.force,
    generatedDir: ctx.generatedDir,
    naming,
    exists,
    random,
  });
  let availableEstimate: Estimate;
  if (finder.mode === 'filter') {
    const filterSteps = selected.filter(isFilterStep);
    const n = await countScenes(
      client,
      buildNeedingWorkFilter({ missing: filterSteps, excludeTagIds: exclude, ...path }),
    );
    availableEstimate = { count: n, exact: true, low: n, high: n, sample: n, population: n };
  } else {
    let hits = 0;
    for (const scene of sample) {
      if (!carriesNone(scene, exclude)) continue;
      const lacksCover = selected.includes('cover') ? (id: string) => sceneLacksCover(client, id) : null;
      const needs = await sceneNeeds(scene, selected, { ...needsOptions, lacksCover }, 'first');
      if (needs.missing.length > 0) hits++;
    }
    availableEstimate = estimate(hits);
  }

  // What one batch would do: the worker's own discovery, windows until it finds scenes.
  let found = await finder.next(exclude);
  const scan = found.scan ? { ...found.scan } : null;
  for (let w = 1; found.scenes.length === 0 && found.moreToScan && w < AUDIT_MAX_WINDOWS; w++) {
    found = await finder.next(exclude);
    if (scan && found.scan) {
      scan.pages += found.scan.pages;
      scan.scenes += found.scan.scenes;
      scan.fileChecks += found.scan.fileChecks;
      scan.coverChecks += found.scan.coverChecks;
    }
  }
  const planCtx: WorkerContext = {
    ...ctx,
    fence: () => Promise.reject(new Error('dry run: writing is not allowed')),
  };
  const batch: AuditScene[] = [];
  for (const scene of found.scenes) {
    const entry: AuditScene = { id: scene.id, title: scene.title ?? '', plans: [], problems: [] };
    for (const step of steps) {
      try {
        const plan = await step.plan(scene, planCtx);
        if (plan) entry.plans.push({ step: plan.step, summary: plan.summary, commands: plan.commands });
      } catch (error) {
        entry.problems.push(`${step.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    batch.push(entry);
  }
  return {
    scope: describeScope(scope),
    steps: [...selected],
    discovery: finder.mode,
    library: {
      scenes: population,
      missingPhash,
      missingCover,
      missingFiles,
      errorTagged,
      claimedByLiveWorkers,
      liveWorkers: live.length,
      available: availableEstimate.count,
      availableEstimate,
    },
    batch,
    scan,
  };
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

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
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
