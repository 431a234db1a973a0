// The compatibility audit: re-hash a random sample of files that already have a phash in Stash
// and compare. Exact matches are the goal; for the others the Hamming distance says how far off
// they are (Stash's duplicate checker treats small distances as "same video"). Reads only.
import pLimit from 'p-limit';
import { randomSeed } from '../discovery/discover.js';
import { computeVideoPhash } from '../phash/video-phash.js';
import { formatPhash, hammingDistance, parsePhash } from '../phash/phash-hex.js';
import type { WorkScene } from '../stash/api.js';
import { FindScenesInRandomOrderDocument } from '../stash/generated/graphql.js';
import type { WorkerContext } from './context.js';
import { toLocalPath } from './path-map.js';
import { fingerprint } from './scene-files.js';
import { videoPhashOptions } from './steps/generator-support.js';

export const DEFAULT_VERIFY_SAMPLE = 20;

export interface VerifyOptions {
  /** Files to re-hash. */
  sample: number;
  /** Seed of Stash's random order. @default random */
  seed?: number;
  /** Scenes read per query. @default 100 */
  pageSize?: number;
  /** Stop looking after this many pages. @default 50 */
  maxPages?: number;
  onFile?: (result: VerifyFileResult, done: number, total: number) => void;
}

export interface VerifyFileResult {
  sceneId: string;
  fileId: string;
  path: string;
  stored: string;
  /** null when the file could not be hashed here. */
  computed: string | null;
  distance: number | null;
  error: string | null;
  ms: number;
}

export interface VerifyReport {
  /** Scenes looked at to find the sample. */
  scenesScanned: number;
  scenesInLibrary: number;
  sampled: number;
  matched: number;
  mismatched: number;
  failed: number;
  /** Distance → number of mismatched files. */
  distances: Record<string, number>;
  files: VerifyFileResult[];
}

export interface SampledFile {
  scene: WorkScene;
  file: WorkScene['files'][number];
  stored: string;
}

// Picks up to `sample` files with a stored phash, in Stash's seeded random order.
async function pickSample(ctx: Omit<WorkerContext, 'fence'>, options: VerifyOptions) {
  const seed = options.seed ?? randomSeed();
  const perPage = options.pageSize ?? 100;
  const picked: SampledFile[] = [];
  let scanned = 0;
  let total = 0;
  for (let page = 1; page <= (options.maxPages ?? 50) && picked.length < options.sample; page++) {
    const { findScenes } = await ctx.client.request(FindScenesInRandomOrderDocument, {
      page,
      perPage,
      sort: `random_${seed}`,
    });
    total = findScenes.count;
    for (const scene of findScenes.scenes) {
      scanned++;
      for (const file of scene.files) {
        const stored = fingerprint(file, 'phash');
        if (stored !== null && picked.length < options.sample) picked.push({ scene, file, stored });
      }
    }
    if (findScenes.scenes.length < perPage) break;
  }
  return { picked, scanned, total };
}

// Re-hashes each file with this worker's ffmpeg (ctx.config.sceneConcurrency files at once) and
// compares with the phash Stash stored; the verify command and the phash parity gate share it.
export async function rehashFiles(
  ctx: Omit<WorkerContext, 'fence'>,
  picked: readonly SampledFile[],
  onFile?: (result: VerifyFileResult, done: number, total: number) => void,
): Promise<VerifyFileResult[]> {
  const files: VerifyFileResult[] = [];
  const limit = pLimit(ctx.config.sceneConcurrency);
  await Promise.all(
    picked.map(({ scene, file, stored }) =>
      limit(async () => {
        if (ctx.signal.aborted) return;
        const started = performance.now();
        const path = toLocalPath(file.path, ctx.config.pathMap);
        const result: VerifyFileResult = {
          sceneId: scene.id,
          fileId: file.id,
          path,
          stored,
          computed: null,
          distance: null,
          error: null,
          ms: 0,
        };
        try {
          const { phash } = await computeVideoPhash(path, file.duration, videoPhashOptions(ctx));
          result.computed = formatPhash(phash);
          result.distance = hammingDistance(phash, parsePhash(stored));
        } catch (error) {
          result.error = error instanceof Error ? error.message : String(error);
        }
        result.ms = Math.round(performance.now() - started);
        files.push(result);
        onFile?.(result, files.length, picked.length);
      }),
    ),
  );
  return files;
}

// Re-hashes the sample and compares.
export async function verifyPhashes(
  ctx: Omit<WorkerContext, 'fence'>,
  options: VerifyOptions,
): Promise<VerifyReport> {
  const { picked, scanned, total } = await pickSample(ctx, options);
  const files = await rehashFiles(ctx, picked, options.onFile);
  const distances: Record<string, number> = {};
  for (const f of files) if (f.distance) distances[f.distance] = (distances[f.distance] ?? 0) + 1;
  return {
    scenesScanned: scanned,
    scenesInLibrary: total,
    sampled: files.length,
    matched: files.filter((f) => f.distance === 0).length,
    mismatched: files.filter((f) => f.distance !== null && f.distance > 0).length,
    failed: files.filter((f) => f.error !== null).length,
    distances,
    files,
  };
}

// The report for a person: totals, the distance histogram, then each file that differed.
export function formatVerify(report: VerifyReport): string {
  const pct = (n: number) => (report.sampled === 0 ? '' : ` (${((100 * n) / report.sampled).toFixed(1)}%)`);
  const lines = [
    `Re-hashed ${report.sampled} file(s) that have a phash in Stash (from ${report.scenesScanned} of ${report.scenesInLibrary} scenes):`,
    `  exact match   ${report.matched}${pct(report.matched)}`,
    `  different     ${report.mismatched}${pct(report.mismatched)}`,
    `  not hashable  ${report.failed}${pct(report.failed)}`,
  ];
  const histogram = Object.entries(report.distances).sort(([a], [b]) => Number(a) - Number(b));
  if (histogram.length > 0) {
    lines.push('', 'Hamming distance of the different ones (bits of 64):');
    for (const [d, n] of histogram) lines.push(`  ${d.padStart(2)}: ${'#'.repeat(Math.min(n, 50))} ${n}`);
  }
  const odd = report.files
    .filter((f) => f.distance !== 0)
    .sort((a, b) => (b.distance ?? 99) - (a.distance ?? 99));
  if (odd.length > 0) lines.push('');
  for (const f of odd) {
    lines.push(
      f.error !== null
        ? `  scene ${f.sceneId} ${f.path}: not hashed: ${f.error.split('\n')[0]}`
        : `  scene ${f.sceneId} ${f.path}: Stash ${f.stored}, here ${f.computed}, distance ${f.distance}`,
    );
  }
  if (report.sampled === 0) lines.push('', 'No file with a phash was found: nothing to compare.');
  lines.push('', 'Read-only: nothing was written to Stash.');
  return lines.join('\n');
}
