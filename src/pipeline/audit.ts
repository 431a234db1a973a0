// The dry run: what needs doing across the library (every step, whatever is selected) and what
// one batch would do, scene by scene, with the ffmpeg commands it would run. Reads only: no claim
// tag, no error tag, no write at all.
//
// Phash, cover and the error tag are counted exactly by Stash's filters. Generated files
// (sprite, preview, webp, marker media) are not in Stash's database: they are checked on a
// random sample of scenes (exact when the scope is no larger than the sample) and reported with
// a 95% interval, so the audit costs the same few requests and file checks at any library size.
import pLimit from 'p-limit';
import { claimedScenes, isClaimTagName, isLive } from '../claims/lease.js';
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
import { toEstimate, type AuditReport, type AuditScene, type Estimate } from './audit-report.js';
import type { SceneStep, WorkerContext } from './context.js';

export const AUDIT_SAMPLE = 200;
/** Scan windows the audit reads at most to show a batch (5 pages of 100 each). */
const AUDIT_MAX_WINDOWS = 20;

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
  // Claims are listed on the claim tags (README "Claims"); a live old-style tag is on its scenes.
  const legacy = live.filter((t) => claimedScenes(t.description ?? '') === null);
  const skip = new Set(live.flatMap((t) => claimedScenes(t.description ?? '') ?? []));
  const errorTag = await findTagByExactName(client, config.errorTag);
  const exclude = [...legacy.map((t) => t.id), ...(errorTag && !scope.retryErrors ? [errorTag.id] : [])];
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
    skip.size +
    (legacy.length > 0
      ? await countScenes(client, { tags: { value: legacy.map((t) => t.id), modifier: 'INCLUDES' } })
      : 0);

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
    // Claimed scenes are not filterable: they are taken off the count (a claimed scene needs work).
    const count = Math.max(0, n - skip.size);
    availableEstimate = { count, exact: true, low: count, high: count, sample: count, population: count };
  } else {
    let hits = 0;
    for (const scene of sample) {
      if (!carriesNone(scene, exclude) || skip.has(scene.id)) continue;
      const lacksCover = selected.includes('cover') ? (id: string) => sceneLacksCover(client, id) : null;
      const needs = await sceneNeeds(scene, selected, { ...needsOptions, lacksCover }, 'first');
      if (needs.missing.length > 0) hits++;
    }
    availableEstimate = estimate(hits);
  }

  // What one batch would do: the worker's own discovery, windows until it finds scenes.
  let found = await finder.next(exclude, skip);
  const scan = found.scan ? { ...found.scan } : null;
  for (let w = 1; found.scenes.length === 0 && found.moreToScan && w < AUDIT_MAX_WINDOWS; w++) {
    found = await finder.next(exclude, skip);
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
  // A claim writes only to the worker's claim tag; a scene is updated only for a cover upload
  // (and the error tag if its files fail, which a dry run cannot foresee).
  const sceneUpdates = batch.filter((s) => s.plans.some((p) => p.step === 'cover')).length;
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
    sceneUpdatesPerScene: batch.length === 0 ? 0 : sceneUpdates / batch.length,
    scan,
  };
}

function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j]!, items[i]!];
  }
  return items;
}
