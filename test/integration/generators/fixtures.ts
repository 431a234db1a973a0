// Small synthetic videos made with lavfi (testsrc2 + sine), cached per machine in the OS temp dir.
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const exec = promisify(execFile);
const DIR = join(tmpdir(), 'phashvaapi-generator-fixtures');

// prettier-ignore
const RECIPES = {
  /** 30 s 1280×720 30 fps h264 + aac: the timing reference. */
  'clip30_720p.mp4': ['-f', 'lavfi', '-i', 'testsrc2=s=1280x720:r=30:d=30', '-f', 'lavfi', '-i', 'sine=f=440:d=30',
    '-c:v', 'libx264', '-preset', 'veryfast', '-g', '60', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
  /** 12 s 640×360 25 fps, no audio. */
  'clip12_noaudio.mp4': ['-f', 'lavfi', '-i', 'testsrc2=s=640x360:r=25:d=12',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p'],
  /** 3 s 320×240 25 fps: sprite slow seek, single-chunk preview. */
  'clip3_short.mp4': ['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=25:d=3', '-f', 'lavfi', '-i', 'sine=d=3',
    '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest'],
  /** 40 s 320×240 10 fps mkv (no nb_frames), for excludes and the slow-seek fallback's -ss pair. */
  'clip40_small.mkv': ['-f', 'lavfi', '-i', 'testsrc2=s=320x240:r=10:d=40',
    '-c:v', 'libx264', '-preset', 'ultrafast', '-pix_fmt', 'yuv420p'],
} as const;

export type FixtureName = keyof typeof RECIPES;

// Path of a fixture, synthesizing it on first use.
export async function fixture(name: FixtureName): Promise<string> {
  const path = join(DIR, name);
  if (existsSync(path)) return path;
  await mkdir(DIR, { recursive: true });
  const tmp = join(DIR, `.${process.pid}-${name}`);
  try {
    await exec('ffmpeg', [
      '-v',
      'error',
      '-y',
      ...RECIPES[name],
      '-f',
      name.endsWith('.mkv') ? 'matroska' : 'mp4',
      tmp,
    ]);
    await rename(tmp, path);
  } finally {
    await rm(tmp, { force: true });
  }
  return path;
}
