// The benchmark's input: 10 minutes of 1080p H.264 with 10-second GOPs and AAC audio, made once
// and cached in .bench-cache/ (a few minutes on 2 cores).
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/shared.js';

export const BENCH_DIR = join(REPO_ROOT, '.bench-cache');

// Path of the cached 10-minute 1080p file, synthesizing it first if needed.
export async function ensureBenchFile(): Promise<string> {
  const file = join(BENCH_DIR, 'bench-1080p-600s-gop10s.mp4');
  if (existsSync(file)) return file;
  await mkdir(BENCH_DIR, { recursive: true });
  process.stderr.write(`bench: synthesizing ${file} (10 min 1080p H.264, once)...\n`);
  const tmp = `${file}.part.mp4`;
  // prettier-ignore
  await execa('ffmpeg', [
    '-v', 'error', '-y',
    '-f', 'lavfi', '-i', 'testsrc2=size=1920x1080:rate=25:duration=600',
    '-f', 'lavfi', '-i', 'sine=frequency=440:sample_rate=48000:duration=600',
    '-c:v', 'libx264', '-preset', 'veryfast', '-crf', '23', '-g', '250', '-keyint_min', '250', '-sc_threshold', '0',
    '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-b:a', '96k', tmp,
  ], { stdio: 'inherit' });
  await rename(tmp, file);
  return file;
}
