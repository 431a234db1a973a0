// `npm run bench -- --index`: the packet index's cost on a 1 h and a 3 h file, read whole and read
// in windows around Stash's phash seeks (and phash + sprite seeks). Windows should cost about the
// same on both files; the whole read grows with the file. Medians of alternating runs.
import { measureInProcess, median, type Measurement } from '../../src/bench/measure.js';
import { goFloatString } from '../../src/media/go-float.js';
import { probeVideo } from '../../src/media/probe.js';
import { runProcess } from '../../src/media/run-process.js';
import { readPacketIndex } from '../../src/media/stretch/packet-index.js';
import { readPacketIndexFor } from '../../src/media/stretch/packet-windows.js';
import { phashTimestamps } from '../../src/phash/timestamps.js';
import { ensureLongFile } from './long-files.js';

export async function runIndexBench(runs: number): Promise<void> {
  const files = [await ensureLongFile(60), await ensureLongFile(180)];
  const variants: { label: string; file: string; read: () => Promise<unknown> }[] = [];
  for (const file of files) {
    const d = (await probeVideo(runProcess, 'ffprobe', file)).fileDuration;
    const phash = phashTimestamps(d).map(goFloatString);
    const sprite = Array.from({ length: 81 }, (_, i) => goFloatString((i * d) / 81));
    const name = `${Math.round(d / 60)} min`;
    variants.push(
      { label: `${name}: whole stream`, file, read: () => readPacketIndex(runProcess, 'ffprobe', file) },
      {
        label: `${name}: windows, phash seeks`,
        file,
        read: () => readPacketIndexFor(runProcess, 'ffprobe', file, phash),
      },
      {
        label: `${name}: windows, phash + sprite seeks`,
        file,
        read: () => readPacketIndexFor(runProcess, 'ffprobe', file, [...phash, ...sprite]),
      },
    );
  }
  const results = new Map<string, Measurement[]>(variants.map((v) => [v.label, []]));
  console.log(`bench --index: packet index of ${files.join(' and ')}, ${runs} alternating runs`);
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? variants : [...variants].reverse();
    for (const v of order) results.get(v.label)!.push((await measureInProcess(v.read)).cost);
  }
  console.log('\nmedians:');
  for (const [label, ms] of results) {
    const wall = median(ms.map((m) => m.wallS));
    const cpu = median(ms.map((m) => m.cpuS));
    console.log(`  ${label.padEnd(42)} wall ${wall.toFixed(2)} s  cpu ${cpu.toFixed(2)} s`);
  }
}
