// `phashvaapi bench FILE...`: on a user's own files, the Stash way (bench/stash-way.ts) against
// ours (bench/ours.ts), step by step, in alternating runs so both see the same machine state.
// Hardware is offered only where the product uses it, the preview encode: every frame grab stays
// in software because only software frames are Stash's. Everything is written into a private
// temporary folder that is removed afterwards; no Stash is involved.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ResolvedPreviewSettings } from '../generators/preview-settings.js';
import type { GeneratorDeps } from '../generators/types.js';
import { SOFTWARE_ENCODER, type EncoderChoice } from '../media/hwaccel/types.js';
import { probeVideo } from '../media/probe.js';
import { measureInProcess, type Measurement } from './measure.js';
import { oursCover, oursPhash, oursPhashAndSprite, oursPreview, oursSprite, oursWebp } from './ours.js';
import {
  stashWayCover,
  stashWayPhash,
  stashWayPreview,
  stashWaySprite,
  stashWayWebp,
  type SpriteFiles,
} from './stash-way.js';

export const BENCH_STEPS = ['phash', 'cover', 'sprite', 'preview', 'webp'] as const;
export type BenchStep = (typeof BENCH_STEPS)[number];

export interface BenchRow {
  name: string;
  stash: Measurement[];
  ours: Measurement[];
  /** What was compared and whether it agreed, e.g. `phash equal`. */
  agreement: string;
  /** An output that must be Stash's (phash, cover, sprite, VTT) differed in some run. */
  mismatch: boolean;
}

export interface FileBenchOptions {
  /** Stash's side runs one process at a time; ours gets these. */
  ours: GeneratorDeps;
  stashWay: GeneratorDeps;
  steps: readonly BenchStep[];
  runs: number;
  previewSettings: ResolvedPreviewSettings;
  /** Hardware preview encoders to try besides libx264, by label. */
  hardware: readonly { label: string; encoder: EncoderChoice }[];
  onRun?: (row: string, run: number, stash: Measurement, ours: Measurement) => void;
}

type Comparable = string | Buffer;

function same(a: Comparable, b: Comparable): boolean {
  return typeof a === 'string' || typeof b === 'string' ? a === b : a.equals(b);
}

// Benchmarks one file; rows in step order, then the total of the software rows.
export async function benchFile(input: string, o: FileBenchOptions): Promise<BenchRow[]> {
  const duration = (await probeVideo(o.ours.run, o.ours.ffprobe, input, { signal: o.ours.signal }))
    .fileDuration;
  const rows = new Map<string, BenchRow>();
  const row = (name: string): BenchRow => {
    let r = rows.get(name);
    if (!r) rows.set(name, (r = { name, stash: [], ours: [], agreement: '', mismatch: false }));
    return r;
  };
  const wants = (s: BenchStep) => o.steps.includes(s) || (s === 'preview' && o.steps.includes('webp'));
  for (let run = 0; run < o.runs; run++) {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-bench-'));
    const [stashDir, oursDir, sharedDir] = ['stash', 'ours', 'shared'].map((d) => join(dir, d)) as [
      string,
      string,
      string,
    ];
    // One pair of timed runs; the order alternates between runs. Returns both outputs.
    const pair = async <S, U>(name: string, stashWork: () => Promise<S>, oursWork: () => Promise<U>) => {
      const first = run % 2 === 0;
      const a = first ? await measureInProcess(stashWork) : null;
      const b = await measureInProcess(oursWork);
      const s = a ?? (await measureInProcess(stashWork));
      row(name).stash.push(s.cost);
      row(name).ours.push(b.cost);
      o.onRun?.(name, run, s.cost, b.cost);
      return { stash: s.value, ours: b.value };
    };
    const judge = (name: string, what: string, pairs: [Comparable, Comparable][], mustMatch: boolean) => {
      const equal = pairs.every(([a, b]) => same(a, b));
      const r = row(name);
      if (!equal && mustMatch) r.mismatch = true;
      if (r.agreement === '' || !equal) r.agreement = `${what} ${equal ? 'equal' : 'DIFFER'}`;
    };
    try {
      for (const d of [stashDir, oursDir, sharedDir]) await mkdir(d);
      const sprite = (d: string) => ({
        spritePath: join(d, 'bench_sprite.jpg'),
        vttPath: join(d, 'bench_thumbs.vtt'),
      });
      let stashPhash = '';
      let stashSprite: SpriteFiles | null = null;
      if (wants('phash')) {
        const r = await pair(
          'phash',
          () => stashWayPhash(o.stashWay, input, duration),
          () => oursPhash(o.ours, input, duration),
        );
        stashPhash = r.stash;
        judge('phash', `phash ${r.stash}`, [[r.stash, r.ours]], true);
      }
      if (wants('cover')) {
        const r = await pair(
          'cover',
          () => stashWayCover(o.stashWay, input, duration, stashDir),
          () => oursCover(o.ours, input, duration),
        );
        judge('cover', 'cover bytes', [[r.stash, r.ours]], true);
      }
      if (wants('sprite')) {
        const r = await pair(
          'sprite',
          () => stashWaySprite(o.stashWay, input, sprite(stashDir).spritePath),
          () => oursSprite(o.ours, input, sprite(oursDir)),
        );
        stashSprite = r.stash;
        judge(
          'sprite',
          'sprite and VTT bytes',
          [
            [r.stash.sprite, r.ours.sprite],
            [r.stash.vtt, r.ours.vtt],
          ],
          true,
        );
      }
      if (stashSprite && stashPhash) {
        // Stash runs phash then sprite: its cost is the sum of the two rows of this run.
        const name = 'phash + sprite (one shared decode)';
        const b = await measureInProcess(() =>
          oursPhashAndSprite(o.ours, input, duration, sprite(sharedDir)),
        );
        const p = rows.get('phash')!.stash.at(-1)!;
        const s = rows.get('sprite')!.stash.at(-1)!;
        row(name).stash.push({
          wallS: p.wallS + s.wallS,
          cpuS: p.cpuS + s.cpuS,
          maxRssMiB: Number.NaN,
          stdout: '',
        });
        row(name).ours.push(b.cost);
        judge(
          name,
          'phash, sprite and VTT',
          [
            [stashPhash, b.value.phash],
            [stashSprite.sprite, b.value.sprite],
            [stashSprite.vtt, b.value.vtt],
          ],
          true,
        );
      }
      if (wants('preview')) {
        const stashMp4 = join(stashDir, 'preview.mp4');
        const oursMp4 = join(oursDir, 'preview.mp4');
        const r = await pair(
          'preview (libx264)',
          () => stashWayPreview(o.stashWay, input, o.previewSettings, stashDir, stashMp4),
          () => oursPreview(o.ours, input, o.previewSettings, SOFTWARE_ENCODER, oursMp4),
        );
        // An encode is not part of Stash's exactness contract (docs/stash-spec.md §5): told, not judged.
        judge('preview (libx264)', 'preview bytes', [[r.stash, r.ours]], false);
        for (const hw of o.hardware) {
          const name = `preview (${hw.label})`;
          try {
            const b = await measureInProcess(() =>
              oursPreview(o.ours, input, o.previewSettings, hw.encoder, join(oursDir, 'hw.mp4')),
            );
            row(name).stash.push(rows.get('preview (libx264)')!.stash.at(-1)!);
            row(name).ours.push(b.cost);
            row(name).agreement ||= 'not compared (hardware encode)';
          } catch (error) {
            // A backend that passed its test run may still fail on this file: say so, go on.
            if (o.ours.signal?.aborted) throw error;
            row(name).agreement =
              `FAILED: ${(error instanceof Error ? error.message : String(error)).split('\n')[0]}`;
          }
        }
        if (wants('webp')) {
          const w = await pair(
            'webp',
            () => stashWayWebp(o.stashWay, stashMp4, o.previewSettings, join(stashDir, 'p.webp')),
            () => oursWebp(o.ours, oursMp4, o.previewSettings, join(oursDir, 'p.webp')),
          );
          judge('webp', 'webp bytes', [[w.stash, w.ours]], false);
        }
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
  return [...rows.values()];
}
