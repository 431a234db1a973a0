// `npm run bench`: our phash against the Stash way on a 10-minute 1080p file, alternating runs
// so both see the same machine state. Prints medians and ratios (ours / Stash's) of wall time and
// CPU time, peak RSS, and whether the hashes agree. Figures, not assertions: nothing here fails
// a test run, but a hash mismatch exits 1.
import { mkdtempSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { probeVideo } from '../../src/media/probe.js';
import { runProcess } from '../../src/media/run-process.js';
import { REPO_ROOT } from '../helpers/shared.js';
import { ensureBenchFile } from './bench-file.js';
import { runIndexBench } from './index-bench.js';
import { runMixBench } from './mix-bench.js';
import { hashStashWayFrames, writeStashWayScript } from './stash-way-phash.js';
import { measure, median, type Measurement } from '../../src/bench/measure.js';

const runs = Number(process.env.BENCH_RUNS ?? 3);
if (process.argv.includes('--index')) {
  await runIndexBench(runs);
  process.exit(0);
}
if (process.argv.includes('--mix')) {
  // BENCH_ONLY=phash or BENCH_ONLY=scene runs one of the two comparisons.
  const modes =
    process.env.BENCH_ONLY === 'phash'
      ? ['phash' as const]
      : process.env.BENCH_ONLY === 'scene'
        ? ['scene' as const]
        : ['phash' as const, 'scene' as const];
  process.exit((await runMixBench(runs, modes)) ? 0 : 1);
}
const cores = availableParallelism();
const file = await ensureBenchFile();
const { fileDuration } = await probeVideo(runProcess, 'ffprobe', file);

const tsx = (script: string, ...rest: string[]) => ['--import', 'tsx', join(REPO_ROOT, script), ...rest];
const framesDir = mkdtempSync(join(tmpdir(), 'bench-stash-way-'));
const stashWayScript = writeStashWayScript(framesDir, file, fileDuration);
// Ours is the built CLI, as a user runs it (npm run bench builds first).
const ours = (concurrency: number, checkFrames = '1') => [
  join(REPO_ROOT, 'dist/service/bin.js'),
  'hash',
  '--concurrency',
  String(concurrency),
  '--check-frames',
  checkFrames,
  file,
];
const phashVariants: Record<string, { cmd: string; args: string[] }> = {
  'stash way (25 sequential ffmpeg)': { cmd: 'bash', args: [stashWayScript] },
  [`phashvaapi hash (concurrency ${cores})`]: { cmd: 'node', args: ours(cores) },
  'phashvaapi hash (concurrency 1)': { cmd: 'node', args: ours(1) },
};
const sceneVariants: Record<string, { cmd: string; args: string[] }> = {
  'stash way, whole scene (sequential)': { cmd: 'node', args: tsx('test/bench/stash-way-scene.ts', file) },
  'phashvaapi, whole scene': { cmd: 'node', args: tsx('test/bench/ours-scene.ts', file) },
};
// The runtime frame check's cost (media/frame-check.ts): off against the default (1 frame).
const checkVariants: Record<string, { cmd: string; args: string[] }> = {
  [`phashvaapi hash --check-frames 0`]: { cmd: 'node', args: ours(cores, '0') },
  [`phashvaapi hash --check-frames 1 (default)`]: { cmd: 'node', args: ours(cores, '1') },
};
const groups = { phash: phashVariants, scene: sceneVariants, check: checkVariants };
// BENCH_ONLY=phash, scene or check runs one of the comparisons.
const only = process.env.BENCH_ONLY as keyof typeof groups | undefined;
const variants =
  only && only in groups ? groups[only] : { ...phashVariants, ...sceneVariants, ...checkVariants };
const results = new Map<string, Measurement[]>(Object.keys(variants).map((k) => [k, []]));

console.log(`bench: ${file} (${fileDuration} s), ${runs} alternating runs, ${cores} cores`);
for (let r = 0; r < runs; r++) {
  for (const [name, { cmd, args }] of Object.entries(variants)) {
    const m = await measure(cmd, args);
    if (cmd === 'bash') m.stdout = `${hashStashWayFrames(framesDir)}  ${file}`;
    results.get(name)!.push(m);
    console.log(
      `  run ${r + 1} ${name}: wall ${m.wallS.toFixed(2)} s, cpu ${m.cpuS.toFixed(2)} s, ${m.stdout.split(' ')[0]}`,
    );
  }
}

// Each variant is compared with the first entry of its own group (the Stash way; for the check,
// the check turned off).
const baseOf = (name: string): Measurement[] => {
  const group = name in sceneVariants ? sceneVariants : name in checkVariants ? checkVariants : phashVariants;
  return results.get(Object.keys(group)[0]!) ?? results.get(name)!;
};
const hashes = new Set([...results.values()].flat().map((m) => m.stdout.split(' ')[0]));
console.log(
  '\nmedians (ratio to the first of its group in the same run: the Stash way, or --check-frames 0):',
);
for (const [name, ms] of results) {
  const baseWall = median(baseOf(name).map((m) => m.wallS));
  const baseCpu = median(baseOf(name).map((m) => m.cpuS));
  const wall = median(ms.map((m) => m.wallS));
  const cpu = median(ms.map((m) => m.cpuS));
  const rss = median(ms.map((m) => m.maxRssMiB));
  console.log(
    `  ${name.padEnd(38)} wall ${wall.toFixed(2)} s (${(wall / baseWall).toFixed(2)}x)  ` +
      `cpu ${cpu.toFixed(2)} s (${(cpu / baseCpu).toFixed(2)}x)  peak RSS ${rss.toFixed(0)} MiB`,
  );
}
console.log(
  `hashes agree: ${hashes.size === 1 ? `yes (${[...hashes][0]})` : `NO: ${[...hashes].join(', ')}`}`,
);
process.exitCode = hashes.size === 1 ? 0 : 1;
