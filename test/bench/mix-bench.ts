// `npm run bench -- --mix`: a synthesized library with a realistic mix of files (mix-library.ts).
// Per class and in total: wall and CPU of the Stash way (Stash's exact commands, one after
// another) against ours (the files of a class hashed together on all cores, as a worker's batch
// does), for the phash alone and for a whole scene (phash, cover, sprite + VTT, preview). Medians
// of alternating runs; scenes per hour from the totals. Every phash must equal the Stash way's.
import { availableParallelism } from 'node:os';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { measureInProcess, median, type Measurement } from '../../src/bench/measure.js';
import { oursCover, oursPhash, oursPhashAndSprite, oursPreview } from '../../src/bench/ours.js';
import { stashWayCover, stashWayPhash, stashWayPreview, stashWaySprite } from '../../src/bench/stash-way.js';
import { DEFAULT_PREVIEW_SETTINGS } from '../../src/generators/preview-settings.js';
import type { GeneratorDeps } from '../../src/generators/types.js';
import { SOFTWARE_ENCODER } from '../../src/media/hwaccel/types.js';
import { probeVideo } from '../../src/media/probe.js';
import { runPipe, runProcess } from '../../src/media/run-process.js';
import { silentLogger } from '../../src/observability/logger.js';
import { ensureMixLibrary } from './mix-library.js';

type Mode = 'phash' | 'scene';

export async function runMixBench(runs: number, modes: readonly Mode[]): Promise<boolean> {
  const cores = availableParallelism();
  // BENCH_MIX_PER_CLASS=N keeps the first N files of each class (a quicker run on a busy machine).
  const perClass = Number(process.env.BENCH_MIX_PER_CLASS ?? Infinity);
  // BENCH_MIX_CLASS=TEXT keeps the classes whose name contains TEXT (e.g. HEVC).
  const library = (await ensureMixLibrary(process.env.BENCH_MIX_CLASS)).filter(
    (l, i, all) => all.slice(0, i).filter((m) => m.file.class === l.file.class).length < perClass,
  );
  const base = { run: runProcess, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', logger: silentLogger };
  const stashDeps: GeneratorDeps = { ...base, limit: pLimit(1), processes: 1 };
  const durations = new Map<string, number>();
  for (const { path } of library)
    durations.set(path, (await probeVideo(runProcess, 'ffprobe', path)).fileDuration);
  const classes = [...new Set(library.map((l) => l.file.class))];
  const filesOf = (c: string) => library.filter((l) => l.file.class === c).map((l) => l.path);
  const results = new Map<string, { stash: Measurement[]; ours: Measurement[] }>();
  const mismatches: string[] = [];

  const stashWay = async (mode: Mode, files: string[]) => {
    const hashes: string[] = [];
    for (const f of files) {
      const d = durations.get(f)!;
      hashes.push(await stashWayPhash(stashDeps, f, d).catch(noPhash));
      if (mode === 'scene') await stashScene(stashDeps, f, d);
    }
    return hashes;
  };
  const ours = async (mode: Mode, files: string[]) => {
    // One process limit for the batch, as a worker shares it between its scenes.
    const deps: GeneratorDeps = { ...base, runPipe, limit: pLimit(cores), processes: cores };
    return Promise.all(
      files.map((f) =>
        mode === 'phash'
          ? oursPhash(deps, f, durations.get(f)!).catch(noPhash)
          : oursScene(deps, f, durations.get(f)!),
      ),
    );
  };

  console.log(
    `bench --mix: ${library.length} files in ${classes.length} classes, ${runs} alternating runs, ${cores} cores`,
  );
  for (let r = 0; r < runs; r++) {
    for (const mode of modes) {
      for (const c of classes) {
        const files = filesOf(c);
        const key = `${mode}\n${c}`;
        const entry = results.get(key) ?? { stash: [], ours: [] };
        results.set(key, entry);
        const first = r % 2 === 0;
        const a = first ? await measureInProcess(() => stashWay(mode, files)) : null;
        const b = await measureInProcess(() => ours(mode, files));
        const s = a ?? (await measureInProcess(() => stashWay(mode, files)));
        entry.stash.push(s.cost);
        entry.ours.push(b.cost);
        s.value.forEach(
          (h, i) => h !== b.value[i] && mismatches.push(`${files[i]}: stash ${h}, ours ${b.value[i]}`),
        );
        console.log(
          `  run ${r + 1} ${mode.padEnd(5)} ${c.padEnd(26)} stash ${s.cost.wallS.toFixed(2)} s / ours ${b.cost.wallS.toFixed(2)} s`,
        );
      }
    }
  }

  for (const mode of modes) {
    console.log(
      `\n${mode === 'phash' ? 'phash only' : 'whole scene (phash, cover, sprite + VTT, preview)'}: medians, ratio = ours / Stash way`,
    );
    console.log(`  ${'class'.padEnd(26)} files  stash wall  ours wall  ratio  stash cpu  ours cpu  ratio`);
    const totals = {
      stash: Array.from({ length: runs }, () => [0, 0]),
      ours: Array.from({ length: runs }, () => [0, 0]),
    };
    for (const c of classes) {
      const e = results.get(`${mode}\n${c}`)!;
      e.stash.forEach((m, i) => ((totals.stash[i]![0]! += m.wallS), (totals.stash[i]![1]! += m.cpuS)));
      e.ours.forEach((m, i) => ((totals.ours[i]![0]! += m.wallS), (totals.ours[i]![1]! += m.cpuS)));
      printRow(c, filesOf(c).length, e.stash, e.ours);
    }
    const asM = (xs: number[][]) =>
      xs.map(([w, c]) => ({ wallS: w!, cpuS: c!, maxRssMiB: Number.NaN, stdout: '' }));
    const [sw, ow] = printRow('total', library.length, asM(totals.stash), asM(totals.ours));
    console.log(
      `  scenes per hour: Stash way ${((library.length * 3600) / sw).toFixed(0)}, ours ${((library.length * 3600) / ow).toFixed(0)}`,
    );
  }
  console.log(
    mismatches.length === 0
      ? '\nphashes: all equal to the Stash way'
      : `\nphash MISMATCHES:\n${mismatches.join('\n')}`,
  );
  return mismatches.length === 0;
}

function printRow(name: string, files: number, stash: Measurement[], ours: Measurement[]): [number, number] {
  const sw = median(stash.map((m) => m.wallS));
  const ow = median(ours.map((m) => m.wallS));
  const sc = median(stash.map((m) => m.cpuS));
  const oc = median(ours.map((m) => m.cpuS));
  console.log(
    `  ${name.padEnd(26)} ${String(files).padStart(5)}  ${sw.toFixed(2).padStart(8)} s ${ow.toFixed(2).padStart(7)} s ` +
      `${(ow / sw).toFixed(2).padStart(5)}x ${sc.toFixed(2).padStart(8)} s ${oc.toFixed(2).padStart(7)} s ${(oc / sc).toFixed(2).padStart(5)}x`,
  );
  return [sw, ow];
}

// The rest of Stash's scene after its phash: cover, sprite + VTT, preview, one command at a time.
// A file Stash cannot hash (its command returns no image at some seek) must fail our way too: both
// count as "no phash", and every other step is still run on both sides.
function noPhash(): string {
  return 'no phash';
}

async function stashScene(deps: GeneratorDeps, input: string, duration: number): Promise<void> {
  const work = await mkdtemp(join(tmpdir(), 'mix-stash-'));
  try {
    await stashWayCover(deps, input, duration, work).catch(() => undefined);
    await stashWaySprite(deps, input, join(work, 'x_sprite.jpg')).catch(() => undefined);
    await stashWayPreview(deps, input, DEFAULT_PREVIEW_SETTINGS, work, join(work, 'x.mp4'));
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

// Our scene as a worker's scene job runs it; returns the phash.
async function oursScene(deps: GeneratorDeps, input: string, duration: number): Promise<string> {
  const work = await mkdtemp(join(tmpdir(), 'mix-ours-'));
  try {
    const { phash } = await oursPhashAndSprite(deps, input, duration, {
      spritePath: join(work, 'x_sprite.jpg'),
      vttPath: join(work, 'x_thumbs.vtt'),
    }).catch(() => ({ phash: noPhash() }));
    await oursCover(deps, input, duration).catch(() => undefined);
    await oursPreview(deps, input, DEFAULT_PREVIEW_SETTINGS, SOFTWARE_ENCODER, join(work, 'x.mp4'));
    return phash;
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
