// Finds the next batch of scenes needing work, per the selected steps and scope. Three modes:
//
// - filter: only Stash-filterable steps (phash, cover) → one count and one random page of
//   `is_missing` (OR-ed when both), as discoverBatch always did: 2 requests, any library size.
// - scan: a file-based step (sprite, preview, webp, markers) is selected. Stash cannot filter on
//   generated files, so the worker pages through ALL scenes in scope in its own stable order
//   (`random_<seed>`) with a cursor, and decides per scene from the page data and a few file
//   checks on that scene's own paths (scene-needs.ts). One window reads at most `maxPages` pages
//   of `perPage` scenes and stops as soon as it has the batch, so requests and file checks per
//   window are bounded whatever the library's size. Phash and cover, when selected too, are
//   found first through their filter as above (the cover is not decided per scene: Stash only
//   answers it through a filter). At the end of the order a cycle ends: a new seed starts the
//   next one; a cycle that found nothing means there is nothing to do.
// - ids: --scene-ids. Stash looks the listed scenes up (filters are ignored there), in chunks of
//   `perPage`, with the same cursor and cycle rules; exclusions and the path filter are applied
//   here, and each listed scene is decided fully (cover: one request per scene).
import type { StepId } from '../config/types.js';
import { ConfigError } from '../errors.js';
import { fileExists } from '../generators/atomic-write.js';
import type { NamingAlgorithm } from '../generators/generated-paths.js';
import { findScenesNeedingWork, findWorkScenesByIds, type WorkScene } from '../stash/api.js';
import type { StashClient } from '../stash/client.js';
import { StashApiError } from '../stash/errors.js';
import { sceneLacksCover } from '../stash/scene-facts.js';
import { discoverBatch, randomSeed } from './discover.js';
import { isFileStep, isFilterStep, sceneNeeds, type NeedsOptions } from './scene-needs.js';
import { carriesNone, pathCriteria, pathMatcher, type WorkScope } from './work-scope.js';

export type DiscoveryMode = 'filter' | 'scan' | 'ids';

export const DEFAULT_SCAN_PAGE = 100;
export const DEFAULT_SCAN_PAGES = 5;

export interface FinderOptions {
  readonly steps: readonly StepId[];
  readonly scope: WorkScope;
  readonly batchSize: number;
  /** --force: with --scene-ids, every listed scene qualifies (once per worker run). */
  readonly force: boolean;
  readonly generatedDir: string | null;
  readonly naming: NamingAlgorithm;
  /** @default fileExists */
  readonly exists?: (path: string) => Promise<boolean>;
  /** Scenes per page read by the scan. @default 100 */
  readonly perPage?: number;
  /** Pages read at most per window. @default 5 */
  readonly maxPages?: number;
  readonly random?: () => number;
}

export interface ScanStats {
  /** Page requests (or id lookups) this window. */
  pages: number;
  /** Scenes examined this window. */
  scenes: number;
  /** File-existence checks this window. */
  fileChecks: number;
  /** Per-scene cover requests this window (ids mode only). */
  coverChecks: number;
}

export interface FoundWork {
  mode: DiscoveryMode;
  scenes: WorkScene[];
  /** Scenes known to need work (a lower bound when scanning: the rest of the order is unread). */
  remaining: number;
  /** The window stopped before the end of its cycle: scan again without waiting. */
  moreToScan: boolean;
  scan: ScanStats | null;
}

// The mode for these steps and scope.
export function discoveryMode(steps: readonly StepId[], scope: WorkScope): DiscoveryMode {
  if (scope.sceneIds) return 'ids';
  return steps.some(isFileStep) ? 'scan' : 'filter';
}

interface OrderRead {
  /** Scenes from the cursor on; null marks a position that is excluded (it still counts). */
  rows: (WorkScene | null)[];
  /** No scene follows these rows in this cycle. */
  end: boolean;
}

export class WorkFinder {
  readonly mode: DiscoveryMode;
  private readonly exists: (path: string) => Promise<boolean>;
  private readonly perPage: number;
  private readonly maxPages: number;
  private readonly random: () => number;
  private readonly inPath: (scene: WorkScene) => boolean;
  private seed: number;
  private offset = 0;
  private foundInCycle = 0;
  /** Scenes the cursor picked this cycle (all before the cursor). */
  private readonly pickedThisCycle = new Set<string>();
  /** --force with --scene-ids: scenes already handed out. */
  private readonly forced = new Set<string>();
  cycles = 0;

  constructor(
    private readonly client: StashClient,
    private readonly options: FinderOptions,
  ) {
    this.mode = discoveryMode(options.steps, options.scope);
    this.exists = options.exists ?? fileExists;
    this.perPage = options.perPage ?? DEFAULT_SCAN_PAGE;
    this.maxPages = options.maxPages ?? DEFAULT_SCAN_PAGES;
    this.random = options.random ?? Math.random;
    this.seed = randomSeed(this.random);
    this.inPath = pathMatcher(options.scope.pathFilter);
    if (this.mode !== 'filter' && options.steps.some(isFileStep) && options.generatedDir === null) {
      throw new ConfigError(
        "Stash reports no generated folder: set --generated-dir (or map Stash's with --path-map)",
      );
    }
  }

  // The next batch. `excludeTagIds`: unless --retry-errors the error tag (and live old-style claim
  // tags); `skip`: scenes claimed by live workers (listed on their claim tags, so no filter knows
  // them: they are dropped from the pages read).
  async next(excludeTagIds: readonly string[], skip: ReadonlySet<string> = new Set()): Promise<FoundWork> {
    const { steps, batchSize, scope } = this.options;
    const filterSteps = steps.filter(isFilterStep);
    const criteria = { excludeTagIds, skip, ...pathCriteria(scope.pathFilter) };
    if (this.mode === 'filter') {
      const found = await discoverBatch(this.client, {
        ...criteria,
        missing: filterSteps,
        batchSize,
        seed: this.seed,
        random: this.random,
      });
      return { mode: 'filter', scenes: found.scenes, remaining: found.total, moreToScan: false, scan: null };
    }

    const stats: ScanStats = { pages: 0, scenes: 0, fileChecks: 0, coverChecks: 0 };
    const counted = (path: string) => {
      stats.fileChecks++;
      return this.exists(path);
    };
    const scenes: WorkScene[] = [];
    let legTotal = 0;
    if (this.mode === 'scan' && filterSteps.length > 0) {
      const leg = await discoverBatch(this.client, {
        ...criteria,
        missing: filterSteps,
        batchSize,
        seed: this.seed,
        random: this.random,
      });
      scenes.push(...leg.scenes);
      legTotal = leg.total;
    }
    if (scenes.length >= batchSize) {
      return { mode: this.mode, scenes, remaining: legTotal, moreToScan: true, scan: stats };
    }

    const needs: NeedsOptions = {
      generatedDir: this.options.generatedDir,
      naming: this.options.naming,
      exists: counted,
      lacksCover:
        this.mode === 'ids'
          ? (id) => {
              stats.coverChecks++;
              return sceneLacksCover(this.client, id);
            }
          : null,
    };
    // In scan mode phash is decided from the page data too (free); cover only through its filter.
    const decideSteps = this.mode === 'ids' ? steps : steps.filter((s) => s !== 'cover');
    const taken = new Set(scenes.map((s) => s.id));
    const decide = async (scene: WorkScene): Promise<boolean> => {
      if (taken.has(scene.id)) return false;
      if (this.mode === 'ids' && this.options.force) {
        if (this.forced.has(scene.id)) return false;
        this.forced.add(scene.id);
        return true;
      }
      return (await sceneNeeds(scene, decideSteps, needs, 'first')).missing.length > 0;
    };

    let cycleEnded = false;
    while (stats.pages < this.maxPages && scenes.length < batchSize) {
      const read = await this.read(excludeTagIds, skip);
      stats.pages++;
      let i = 0;
      for (; i < read.rows.length && scenes.length < batchSize; i++) {
        const row = read.rows[i]!;
        this.offset++;
        stats.scenes++;
        if (row && (await decide(row))) {
          scenes.push(row);
          taken.add(row.id);
          this.pickedThisCycle.add(row.id);
          this.foundInCycle++;
        }
      }
      if (i === read.rows.length && read.end) {
        cycleEnded = true;
        break;
      }
    }
    const found = scenes.length;
    if (cycleEnded) this.restart();
    return {
      mode: this.mode,
      scenes,
      remaining: legTotal + found,
      // At the end of a cycle the worker may rest: a cycle that found work starts again after
      // the worker's idle wait (or at once when this window claimed something).
      moreToScan: !cycleEnded,
      scan: stats,
    };
  }

  // Checks what can be checked before any write: with --scene-ids, that Stash knows every id
  // (one lookup per 100 ids; an unknown id is a ConfigError naming it).
  async preflight(): Promise<void> {
    const ids = this.options.scope.sceneIds ?? [];
    for (let i = 0; i < ids.length; i += this.perPage) await this.lookUp(ids.slice(i, i + this.perPage));
  }

  // These scenes, picked by the cursor, have left the scanned order (error-tagged while the tag
  // is excluded): step the cursor back so the scenes after them are not skipped.
  leftTheOrder(sceneIds: readonly string[]): void {
    if (this.mode !== 'scan' || this.options.scope.retryErrors) return;
    const n = sceneIds.filter((id) => this.pickedThisCycle.has(id)).length;
    this.offset = Math.max(0, this.offset - n);
  }

  private restart(): void {
    this.seed = randomSeed(this.random);
    this.offset = 0;
    this.foundInCycle = 0;
    this.pickedThisCycle.clear();
    this.cycles++;
  }

  // The scenes from the cursor on: one page request (scan) or one id lookup (ids).
  private async read(excludeTagIds: readonly string[], skip: ReadonlySet<string>): Promise<OrderRead> {
    const usable = (s: WorkScene) => carriesNone(s, excludeTagIds) && !skip.has(s.id) && this.inPath(s);
    if (this.mode === 'ids') {
      const ids = this.options.scope.sceneIds ?? [];
      const chunk = ids.slice(this.offset, this.offset + this.perPage);
      const scenes = await this.lookUp(chunk);
      return {
        rows: scenes.map((s) => (usable(s) ? s : null)),
        end: this.offset + chunk.length >= ids.length,
      };
    }
    const page = Math.floor(this.offset / this.perPage) + 1;
    const found = await findScenesNeedingWork(this.client, {
      missing: null,
      excludeTagIds,
      ...pathCriteria(this.options.scope.pathFilter),
      page,
      perPage: this.perPage,
      seed: this.seed,
    });
    return {
      rows: found.scenes.slice(this.offset % this.perPage).map((s) => (skip.has(s.id) ? null : s)),
      end: page * this.perPage >= found.count,
    };
  }

  private lookUp(ids: readonly number[]): Promise<WorkScene[]> {
    return findListedScenes(this.client, ids);
  }
}

// The --scene-ids scenes; an unknown id (Stash then fails the whole lookup) is a ConfigError naming it.
export async function findListedScenes(client: StashClient, ids: readonly number[]): Promise<WorkScene[]> {
  try {
    return await findWorkScenesByIds(client, ids);
  } catch (error) {
    const unknown = error instanceof StashApiError && /scene with id (\d+) not found/i.exec(error.message);
    if (!unknown) throw error;
    throw new ConfigError(
      `--scene-ids: Stash has no scene with id ${unknown[1]} (Stash rejects the whole lookup when one id is unknown; remove it from the list)`,
      { cause: error },
    );
  }
}
