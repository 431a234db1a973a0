// The dry run covers every step: exact counts from Stash for phash, cover and the error tag;
// generated files (sprite, preview, webp, marker media) exact on a small library and estimated
// from a 200-scene sample (with a 95% interval that holds the truth) on a large one; then what the
// batch would do. It writes nothing.
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';
import { SOFTWARE_ENCODER } from '../../../src/media/hwaccel/types.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { formatAudit, toEstimate } from '../../../src/pipeline/audit-report.js';
import { AUDIT_SAMPLE, auditLibrary } from '../../../src/pipeline/audit.js';
import type { WorkerContext } from '../../../src/pipeline/context.js';
import { getConfiguration } from '../../../src/stash/api.js';
import { createStashClient } from '../../../src/stash/client.js';
import { seededRandom } from '../../standin/knobs.js';
import { syntheticLibrary } from '../../standin/library.js';
import type { SeedScene } from '../../standin/seed.js';
import { startStandin } from '../../standin/server.js';

const GEN = '/gen';
const open: { close(): Promise<void> }[] = [];
afterAll(async () => {
  await Promise.all(open.map((x) => x.close()));
});

// `n` scenes: every 4th hashed, every 3rd with a cover, every 10th error-tagged; sprites for even
// scenes, previews for every 5th, no webp; every 7th scene has a marker (media for half of them).
function build(n: number) {
  const present = new Set<string>();
  const truth = { sprite: 0, preview: 0, webp: 0, markers: 0 };
  const scenes: SeedScene[] = syntheticLibrary(n, { phashEvery: 4 }).map((s, index) => {
    const i = index + 1;
    const h = s.files![0]!.oshash!;
    if (i % 2 === 0) [`vtt/${h}_sprite.jpg`, `vtt/${h}_thumbs.vtt`].forEach((p) => present.add(join(GEN, p)));
    else truth.sprite++;
    if (i % 5 === 0) present.add(join(GEN, 'screenshots', `${h}.mp4`));
    else truth.preview++;
    truth.webp++;
    const markers = i % 7 === 0 ? [{ seconds: 12.5, primaryTag: 'm' }] : [];
    if (markers.length > 0) {
      if (i % 14 === 0)
        ['mp4', 'webp', 'jpg'].forEach((e) => present.add(join(GEN, 'markers', h, `12.${e}`)));
      else truth.markers++;
    }
    return {
      ...s,
      markers,
      ...(i % 3 === 0 ? { cover: Buffer.from('c') } : {}),
      ...(i % 10 === 0 ? { tags: ['phashvaapi error'] } : {}),
    };
  });
  return { scenes, present, truth };
}

async function audit(n: number, steps: string) {
  const { scenes, present, truth } = build(n);
  const standin = await startStandin({ scenes, generatedPath: GEN });
  const client = createStashClient({ url: standin.url, logger: silentLogger, retries: 0, timeoutMs: 60_000 });
  open.push(standin, client);
  const { config } = resolveConfig({ argv: { steps, hwaccel: 'off' }, env: {}, file: null });
  const ctx: Omit<WorkerContext, 'fence'> = {
    config,
    client,
    logger: silentLogger,
    run: () => Promise.reject(new Error('no ffmpeg in an audit test')),
    cpuLimit: pLimit(1),
    stash: await getConfiguration(client),
    generatedDir: GEN,
    signal: new AbortController().signal,
    encoder: () => Promise.resolve(SOFTWARE_ENCODER),
  };
  let checks = 0;
  const exists = async (p: string) => (checks++, present.has(p));
  const before = standin.snapshot();
  standin.resetRequests();
  const report = await auditLibrary(ctx, [], { exists, random: seededRandom(7) });
  expect(standin.snapshot()).toBe(before);
  return { report, truth, requests: standin.requestCount(), checks, scenes };
}

describe('the dry-run audit', () => {
  it('counts every step exactly on a library no larger than the sample', async () => {
    const { report, truth } = await audit(150, 'phash');
    const l = report.library;
    expect([l.scenes, l.missingPhash, l.missingCover, l.errorTagged]).toEqual([150, 150 - 37, 100, 15]);
    for (const step of ['sprite', 'preview', 'webp', 'markers'] as const)
      expect(l.missingFiles![step], step).toMatchObject({ exact: true, count: truth[step] });
    // Available: lacking a phash and not error-tagged (15 tagged, 7 of them hashed).
    expect(l.availableEstimate).toMatchObject({ exact: true, count: 150 - 37 - (15 - 7) });
    const text = formatAudit(report);
    expect(text).toMatch(/scenes missing a sprite\s+75\n/);
    expect(text).toMatch(/scenes missing marker media\s+11\n/);
    expect(text).toContain('(generated files: every scene checked)');
  }, 60_000);

  it('estimates generated files from a sample on a large library, with an interval that holds the truth, at a fixed cost', async () => {
    const { report, truth, requests, checks } = await audit(20_000, 'sprite,markers');
    const l = report.library;
    expect([l.scenes, l.missingPhash, l.missingCover]).toEqual([20_000, 15_000, 20_000 - 6_666]);
    expect(l.errorTagged).toBe(2_000);
    for (const step of ['sprite', 'preview', 'webp', 'markers'] as const) {
      const e = l.missingFiles![step];
      expect(e, step).toMatchObject({ exact: false, sample: AUDIT_SAMPLE, population: 20_000 });
      expect(e.low, step).toBeLessThanOrEqual(truth[step]);
      expect(e.high, step).toBeGreaterThanOrEqual(truth[step]);
    }
    expect(l.availableEstimate.exact).toBe(false);
    expect(report.discovery).toBe('scan');
    expect(report.batch.length).toBe(20);
    const text = formatAudit(report);
    expect(text).toMatch(/scenes missing a sprite\s+~[\d,]+ \([\d,]+-[\d,]+\)/);
    expect(text).toContain('a random sample of 200 scenes checked');
    expect(text).toMatch(/found by scanning \d+ scenes: \d page request\(s\), \d+ file checks/);
    // Bounded: a handful of queries, the sample's checks and one scan window's.
    console.log(`audit of 20,000 scenes: ${requests} requests, ${checks} file checks`);
    expect(requests).toBeLessThan(20);
    expect(checks).toBeLessThan(AUDIT_SAMPLE * 6 + 2 * 500);
  }, 120_000);

  it('the estimate is exact when the sample is the population and widens with uncertainty', () => {
    expect(toEstimate(50, 100, 100, true)).toMatchObject({ count: 50, low: 50, high: 50 });
    const e = toEstimate(0, 200, 100_000, false);
    expect([e.count, e.low]).toEqual([0, 0]);
    expect(e.high).toBeGreaterThan(1_000);
    const half = toEstimate(100, 200, 100_000, false);
    expect(half.count).toBe(50_000);
    expect(half.low).toBeGreaterThan(43_000);
    expect(half.high).toBeLessThan(57_000);
  });
});
