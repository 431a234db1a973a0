// Phash parity with the user's Stash. The phash depends on the ffmpeg build (ffmpeg 7.1 returns
// another frame than Debian's 5.1 on MPEG-TS/PS/FLV files whose audio starts first), and a worker
// cannot ask Stash which ffmpeg it runs, so it measures: it re-hashes up to 3 files of each
// container+codec class that Stash has already hashed and compares. `check` prints the result;
// `run` and `serve` measure at start and refuse to write phashes when a sampled file differs
// (--allow-phash-mismatch overrides). Generators are not affected. Reads only.
import { readBinaryVersion } from '../media/ffmpeg-version.js';
import { FindHashedScenesInRandomOrderDocument } from '../stash/generated/graphql.js';
import { randomSeed } from '../discovery/discover.js';
import type { WorkerContext } from './context.js';
import { fingerprint, type SceneFile } from './scene-files.js';
import { rehashFiles, type SampledFile, type VerifyFileResult } from './verify.js';

export const PARITY_FILES_PER_CLASS = 3;
// Classes are learnt from at most this many hashed scenes (all of them in a library this small).
const PAGE_SIZE = 100;
const MAX_PAGES = 5;

export interface ParityClass {
  /** `<format>/<video_codec>` as Stash's scan stored them, e.g. `mpegts/mpeg2video`. */
  name: string;
  files: VerifyFileResult[];
}

export interface PhashParityReport {
  /** `ffmpeg -version`'s first line for the ffmpeg this worker hashes with. */
  ffmpegVersion: string;
  /** Scenes in which Stash has a phash for some file. */
  hashedScenes: number;
  /** Of those, how many were read to find the classes. */
  scenesScanned: number;
  classes: ParityClass[];
  matched: number;
  mismatched: number;
  /** Files that could not be hashed here (missing, unreadable): no evidence either way. */
  failed: number;
}

export interface ParityOptions {
  /** Seed of Stash's random order. @default random */
  seed?: number;
  onFile?: (result: VerifyFileResult, done: number, total: number) => void;
}

// The class a file is sampled in: what steers ffmpeg's demuxing and decoding.
export function parityClassOf(file: SceneFile): string {
  return `${file.format || '?'}/${file.video_codec || '?'}`;
}

// Up to PARITY_FILES_PER_CLASS hashed files of each class, in Stash's seeded random order.
async function pickStratified(ctx: Omit<WorkerContext, 'fence'>, seed: number) {
  const byClass = new Map<string, SampledFile[]>();
  // A file in several scenes (or scenes sharing one path) is hashed once.
  const seen = new Set<string>();
  let scanned = 0;
  let total = 0;
  for (let page = 1; page <= MAX_PAGES; page++) {
    const { findScenes } = await ctx.client.request(FindHashedScenesInRandomOrderDocument, {
      page,
      perPage: PAGE_SIZE,
      sort: `random_${seed}`,
    });
    total = findScenes.count;
    for (const scene of findScenes.scenes) {
      scanned++;
      for (const file of scene.files) {
        const stored = fingerprint(file, 'phash');
        if (stored === null || seen.has(file.path)) continue;
        const picked = byClass.get(parityClassOf(file)) ?? [];
        if (picked.length >= PARITY_FILES_PER_CLASS) continue;
        picked.push({ scene, file, stored });
        seen.add(file.path);
        byClass.set(parityClassOf(file), picked);
      }
    }
    if (findScenes.scenes.length < PAGE_SIZE) break;
  }
  return { byClass, scanned, total };
}

// Re-hashes the stratified sample with this worker's ffmpeg and compares with Stash's phashes.
export async function measurePhashParity(
  ctx: Omit<WorkerContext, 'fence'>,
  options: ParityOptions = {},
): Promise<PhashParityReport> {
  const ffmpegVersion = await readBinaryVersion(ctx.run, ctx.config.ffmpegPath);
  const { byClass, scanned, total } = await pickStratified(ctx, options.seed ?? randomSeed());
  const picked = [...byClass.values()].flat();
  const results = await rehashFiles(ctx, picked, options.onFile);
  const classes = [...byClass.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, files]) => ({
      name,
      files: files.flatMap((p) => results.filter((r) => r.fileId === p.file.id && r.sceneId === p.scene.id)),
    }));
  return {
    ffmpegVersion,
    hashedScenes: total,
    scenesScanned: scanned,
    classes,
    matched: results.filter((r) => r.distance === 0).length,
    mismatched: results.filter((r) => r.distance !== null && r.distance > 0).length,
    failed: results.filter((r) => r.error !== null).length,
  };
}

// Why this worker must not write phashes, or null when it may.
export function phashRefusal(report: PhashParityReport, allowMismatch: boolean): string | null {
  if (report.mismatched === 0 || allowMismatch) return null;
  const differing = report.classes
    .map((c) => ({
      name: c.name,
      n: c.files.filter((f) => (f.distance ?? 0) > 0).length,
      of: c.files.length,
    }))
    .filter((c) => c.n > 0)
    .map((c) => `${c.name} ${c.n} of ${c.of}`)
    .join(', ');
  return (
    `phash parity: ${report.mismatched} of ${report.matched + report.mismatched} sampled file(s) hash differently here than in Stash (${differing}). ` +
    `This ffmpeg (${report.ffmpegVersion}) is not the build your Stash hashed with, so its phashes would not match Stash's: ` +
    'phashes are not written (the other steps still run). To fix it, run phashvaapi with the same ffmpeg build as Stash ' +
    "(--ffmpeg-path), or hash inside Stash through the plugin (direct mode, no Service URL), which uses Stash's own ffmpeg. " +
    '--allow-phash-mismatch writes them anyway.'
  );
}

// The context a run may use: without the phash step when parity refuses it.
export function withoutRefusedPhash(
  ctx: Omit<WorkerContext, 'fence'>,
  refusal: string | null,
): Omit<WorkerContext, 'fence'> {
  if (refusal === null) return ctx;
  const config = Object.freeze({ ...ctx.config, steps: ctx.config.steps.filter((s) => s !== 'phash') });
  return { ...ctx, config };
}

// The result for a person: the ffmpeg here, then per class exact / different, then the total.
export function formatPhashParity(report: PhashParityReport): string {
  const lines = [`Phash parity with Stash (ffmpeg here: ${report.ffmpegVersion}):`];
  if (report.hashedScenes === 0) {
    lines.push(
      '  no scene has a phash yet, so there is nothing to compare this ffmpeg with. Let Stash hash a few',
      '  scenes (Generate → Phashes) and run `phashvaapi check`; until then use the same ffmpeg build as Stash.',
    );
    return lines.join('\n');
  }
  lines.push(
    `  re-hashed up to ${PARITY_FILES_PER_CLASS} files of each of ${report.classes.length} container/codec class(es), ` +
      `from ${report.scenesScanned} of ${report.hashedScenes} scene(s) with a phash`,
  );
  const width = Math.max(...report.classes.map((c) => c.name.length));
  for (const c of report.classes) {
    const count = (p: (f: VerifyFileResult) => boolean) => c.files.filter(p).length;
    lines.push(
      `  ${c.name.padEnd(width)}  ${count((f) => f.distance === 0)} exact, ${count((f) => (f.distance ?? 0) > 0)} different` +
        (count((f) => f.error !== null) > 0 ? `, ${count((f) => f.error !== null)} not hashable` : ''),
    );
    for (const f of c.files) {
      lines.push(
        f.error !== null
          ? `    scene ${f.sceneId} ${f.path}: not hashable here: ${f.error.split('\n')[0]}`
          : `    scene ${f.sceneId} ${f.path}: ${f.distance === 0 ? 'exact' : `DIFFERENT: Stash ${f.stored}, here ${f.computed}, distance ${f.distance}`}`,
      );
    }
  }
  lines.push(
    `  total: ${report.matched} exact, ${report.mismatched} different, ${report.failed} not hashable here`,
  );
  if (report.matched + report.mismatched === 0)
    lines.push('  no sampled file could be hashed here, so parity is unknown: check --path-map');
  return lines.join('\n');
}
