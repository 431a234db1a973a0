// Long synthesized files for the packet-index bench: 1 h and 3 h of 160×90 H.264 (10 s GOPs,
// B-frames), made cheaply by stream-copy concatenation of one encoded minute, cached in
// .bench-cache/.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_DIR } from './bench-file.js';

// Path of a cached `minutes`-long file, synthesizing it first if needed.
export async function ensureLongFile(minutes: number): Promise<string> {
  const file = join(BENCH_DIR, `long-160x90-${minutes}min.mp4`);
  if (existsSync(file)) return file;
  await mkdir(BENCH_DIR, { recursive: true });
  const segment = join(BENCH_DIR, 'long-segment-160x90-60s.mp4');
  if (!existsSync(segment)) {
    // prettier-ignore
    await execa('ffmpeg', [
      '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=size=160x90:rate=25:duration=60',
      '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '35', '-g', '250', '-keyint_min', '250',
      '-sc_threshold', '0', '-bf', '3', '-pix_fmt', 'yuv420p', `${segment}.part.mp4`,
    ]);
    await rename(`${segment}.part.mp4`, segment);
  }
  const list = join(BENCH_DIR, `long-${minutes}.txt`);
  await writeFile(list, `file '${segment}'\n`.repeat(minutes));
  process.stderr.write(`bench: synthesizing ${file} (${minutes} min, stream copy, once)...\n`);
  await execa('ffmpeg', [
    '-v',
    'error',
    '-y',
    '-f',
    'concat',
    '-safe',
    '0',
    '-i',
    list,
    '-c',
    'copy',
    `${file}.part.mp4`,
  ]);
  await rename(`${file}.part.mp4`, file);
  return file;
}
