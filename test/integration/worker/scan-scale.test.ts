// Discovering missing generated files never lists the library: each scan window reads at most 5
// pages of 100 scenes and checks only those scenes' own paths, so a window costs the same at
// 1,000 and at 100,000 scenes, and a whole batch (survey, scan, claim, re-read, release) a fixed
// number of requests. The stand-in is Stash over real HTTP; the generated folder is a counted
// stand-in for fileExists.
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ClaimManager } from '../../../src/claims/claims.js';
import { createStashClaimBackend, type ClaimedWorkScene } from '../../../src/claims/stash-claim-backend.js';
import { resolveConfig } from '../../../src/config/resolve.js';
import { DEFAULT_SCAN_PAGE, DEFAULT_SCAN_PAGES, WorkFinder } from '../../../src/discovery/finder.js';
import { WHOLE_LIBRARY } from '../../../src/discovery/work-scope.js';
import { SOFTWARE_ENCODER } from '../../../src/media/hwaccel/types.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { RunStats } from '../../../src/observability/run-stats.js';
import { runBatch } from '../../../src/pipeline/batch.js';
import type { WorkerContext } from '../../../src/pipeline/context.js';
import { ensureTag, getConfiguration } from '../../../src/stash/api.js';
import { createStashClient, type StashClient } from '../../../src/stash/client.js';
import { syntheticLibrary } from '../../standin/library.js';
import { startStandin, type Standin } from '../../standin/server.js';

const GEN = '/gen';
const BATCH = 20;
const WINDOW_SCENES = DEFAULT_SCAN_PAGE * DEFAULT_SCAN_PAGES;

interface Library {
  standin: Standin;
  client: StashClient;
  /** Sprite paths that are missing. */
  missing: Set<string>;
}

// `n` scenes; every `every`-th one lacks its sprite (the rest have sprite and VTT).
async function library(n: number, every: number): Promise<Library> {
  const scenes = syntheticLibrary(n);
  const missing = new Set<string>();
  scenes.forEach((s, i) => {
    if ((i + 1) % every === 0) missing.add(join(GEN, 'vtt', `${s.files![0]!.oshash}_sprite.jpg`));
  });
  const standin = await startStandin({ scenes, generatedPath: GEN });
  const client = createStashClient({ url: standin.url, logger: silentLogger, retries: 0, timeoutMs: 60_000 });
  return { standin, client, missing };
}

function counter(missing: Set<string>) {
  const c = {
    checks: 0,
    exists: async (path: string) => {
      c.checks++;
      return !missing.has(path) && path.startsWith(GEN);
    },
  };
  return c;
}

function finder(lib: Library, exists: (p: string) => Promise<boolean>) {
  return new WorkFinder(lib.client, {
    steps: ['sprite'],
    scope: WHOLE_LIBRARY,
    batchSize: BATCH,
    force: false,
    generatedDir: GEN,
    naming: 'OSHASH',
    exists,
  });
}

const libs: Library[] = [];
afterAll(async () => {
  for (const l of libs) await Promise.all([l.standin.close(), l.client.close()]);
});

describe('scanning for missing sprites', () => {
  let large: Library;
  let small: Library;
  beforeAll(async () => {
    large = await library(100_000, 997);
    small = await library(1_000, 997);
    libs.push(large, small);
  }, 120_000);

  it('a window costs at most 5 page requests and 2 file checks per scene read, at 1,000 and at 100,000 scenes', async () => {
    const perWindow: Record<
      string,
      { requests: number; pages: number; scenes: number; checks: number; found: number }[]
    > = {};
    for (const [name, lib] of [
      ['1,000', small],
      ['100,000', large],
    ] as const) {
      const files = counter(lib.missing);
      const f = finder(lib, files.exists);
      perWindow[name] = [];
      for (let w = 0; w < 4; w++) {
        lib.standin.resetRequests();
        const before = files.checks;
        const found = await f.next([]);
        const requests = lib.standin.requestCount();
        const checks = files.checks - before;
        perWindow[name].push({
          requests,
          pages: found.scan!.pages,
          scenes: found.scan!.scenes,
          checks,
          found: found.scenes.length,
        });
        // Only page reads; every candidate really lacks its sprite.
        expect(lib.standin.requests.every((r) => r.operationName === 'FindScenesNeedingWork')).toBe(true);
        expect(requests).toBe(found.scan!.pages);
        expect(found.scan!.fileChecks).toBe(checks);
        for (const s of found.scenes)
          expect(
            lib.missing.has(
              join(
                GEN,
                'vtt',
                `${String(s.files[0]!.fingerprints.find((fp) => fp.type === 'oshash')!.value)}_sprite.jpg`,
              ),
            ),
          ).toBe(true);
        // Bounded: 5 pages, 500 scenes, sprite + VTT per scene read (1 check for a missing sprite).
        expect(requests).toBeLessThanOrEqual(DEFAULT_SCAN_PAGES);
        expect(found.scan!.scenes).toBeLessThanOrEqual(WINDOW_SCENES);
        expect(checks).toBe(2 * found.scan!.scenes - found.scenes.length);
        if (!found.moreToScan) break;
      }
    }
    console.log(
      'scan windows (requests, pages, scenes read, file checks, found):',
      JSON.stringify(perWindow),
    );
    // At 100,000 scenes with 1 in 997 missing, every window reads the full 5 pages.
    for (const w of perWindow['100,000']!) expect([w.requests, w.scenes]).toEqual([5, 500]);
    // The small library ends its cycle after 1,000 scenes (2 windows) and then rests.
    expect(perWindow['1,000']!.map((w) => w.scenes)).toEqual([500, 500]);
    expect(perWindow['1,000']!.reduce((n, w) => n + w.found, 0)).toBe(1);
  }, 240_000);

  it('a dense library fills a batch from one page with one check per scene', async () => {
    const everything = { checks: 0, exists: async () => (everything.checks++, false) };
    const f = finder(large, everything.exists);
    large.standin.resetRequests();
    const found = await f.next([]);
    expect(found.scenes).toHaveLength(BATCH);
    expect([large.standin.requestCount(), found.scan!.scenes, everything.checks]).toEqual([1, BATCH, BATCH]);
    // The next window starts where this one stopped: no scene twice.
    const again = await f.next([]);
    expect(again.scenes.filter((s) => found.scenes.some((o) => o.id === s.id))).toEqual([]);
  }, 120_000);

  it('a whole batch at 100,000 scenes: survey, at most 5 pages, claim, re-read, release', async () => {
    const { config } = resolveConfig({
      argv: { steps: 'sprite', batchSize: String(BATCH), hwaccel: 'off' },
      env: {},
      file: null,
    });
    const claims = new ClaimManager<ClaimedWorkScene>({
      backend: createStashClaimBackend(large.client),
      prefix: config.claimTagPrefix,
      workerId: 'scale',
      ttlMs: 600_000,
      logger: silentLogger,
    });
    const errorTag = await ensureTag(large.client, config.errorTag);
    await claims.start();
    const ctx: WorkerContext = {
      config,
      client: large.client,
      logger: silentLogger,
      run: () => Promise.reject(new Error('no ffmpeg here')),
      cpuLimit: pLimit(1),
      stash: await getConfiguration(large.client),
      generatedDir: GEN,
      signal: new AbortController().signal,
      encoder: () => Promise.resolve(SOFTWARE_ENCODER),
      fence: (id) => claims.assertHolds(id),
    };
    const files = counter(large.missing);
    const options = {
      claims,
      steps: [], // discovery and claims only: the steps' cost is per scene, not per library
      finder: finder(large, files.exists),
      errorTagId: errorTag.id,
      errorLog: async () => undefined,
      stats: new RunStats(0),
    };
    try {
      const byOperation: Record<string, number> = {};
      let report;
      for (let w = 0; w < 20; w++) {
        large.standin.resetRequests();
        report = await runBatch(ctx, options);
        const ops: Record<string, number> = {};
        for (const r of large.standin.requests)
          ops[r.operationName ?? '?'] = (ops[r.operationName ?? '?'] ?? 0) + 1;
        expect(large.standin.requestCount()).toBeLessThanOrEqual(1 + DEFAULT_SCAN_PAGES + 4);
        expect(report.scan!.fileChecks).toBeLessThanOrEqual(2 * WINDOW_SCENES);
        if (report.claimed > 0) {
          Object.assign(byOperation, ops);
          break;
        }
      }
      console.log(
        'requests of the first batch that claimed scenes at 100,000 scenes:',
        byOperation,
        report!.scan,
      );
      expect(report!.claimed).toBeGreaterThan(0);
      // Survey and re-read of the claim tags; claim and release on our own tag; the scenes won
      // read fresh. Not one scene update.
      expect(byOperation).toMatchObject({
        FindTagsByName: 2,
        UpdateTagDescription: 2,
        FindWorkScenesByIds: 1,
      });
      expect(byOperation.AddSceneTags ?? 0, 'a claim updated scenes').toBe(0);
      expect(byOperation.RemoveSceneTags ?? 0, 'a release updated scenes').toBe(0);
      expect(byOperation.FindScenesNeedingWork).toBeLessThanOrEqual(DEFAULT_SCAN_PAGES);
    } finally {
      await claims.stop();
    }
  }, 240_000);
});
