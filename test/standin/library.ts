// Libraries to seed the stand-in with: the videos of a real folder, fingerprinted like Stash's
// scan, or any number of cheap synthetic scenes.
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { probeVideo } from '../../src/media/probe.js';
import { runProcess } from '../../src/media/run-process.js';
import type { SeedScene } from './seed.js';

// Stash's default video extensions plus the MPEG-TS family.
export const VIDEO_EXTENSIONS = new Set(
  'm4v mp4 mov wmv avi mpg mpeg rmvb rm flv asf mkv webm f4v ts m2ts mts 3gp'.split(' ').map((e) => `.${e}`),
);

// Stash's oshash (spec §0.5; stash pkg/hash/oshash/oshash.go): size + the little-endian uint64
// words of the first and last min(64 KiB, size rounded down to 8) bytes, mod 2^64, as 16 hex digits.
export async function oshashFile(path: string): Promise<string> {
  const { size } = await stat(path);
  if (size <= 8) throw new Error(`${path}: file too small for an oshash (${size} bytes)`);
  const chunk = Math.min(65536, Math.floor(size / 8) * 8);
  const handle = await open(path, 'r');
  try {
    const head = Buffer.alloc(chunk);
    const tail = Buffer.alloc(chunk);
    await handle.read(head, 0, chunk, 0);
    await handle.read(tail, 0, chunk, size - chunk);
    let sum = BigInt(size);
    for (let i = 0; i < chunk; i += 8) sum += head.readBigUInt64LE(i) + tail.readBigUInt64LE(i);
    return BigInt.asUintN(64, sum).toString(16).padStart(16, '0');
  } finally {
    await handle.close();
  }
}

// Lowercase hex md5 of the whole file.
export async function md5File(path: string): Promise<string> {
  const hash = createHash('md5');
  for await (const chunk of createReadStream(path)) hash.update(chunk as Buffer);
  return hash.digest('hex');
}

async function listVideos(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((e) => e.isFile() && VIDEO_EXTENSIONS.has(extname(e.name).toLowerCase()))
    .map((e) => join(e.parentPath, e.name))
    .sort();
}

// One scene per video under `dir` (recursively, in path order), with oshash, md5 and Stash's
// stored duration from ffprobe. Files ffprobe cannot read are skipped, as Stash's scan skips them.
export async function libraryFromVideos(dir: string, ffprobe = '/usr/bin/ffprobe'): Promise<SeedScene[]> {
  const scenes: SeedScene[] = [];
  for (const path of await listVideos(dir)) {
    let info;
    try {
      info = await probeVideo(runProcess, ffprobe, path);
    } catch {
      continue;
    }
    const [{ size }, oshash, md5] = await Promise.all([stat(path), oshashFile(path), md5File(path)]);
    scenes.push({
      files: [
        {
          path,
          size,
          duration: info.fileDuration,
          width: info.width,
          height: info.height,
          frameRate: info.frameRate,
          videoCodec: info.videoCodec,
          audioCodec: info.audioCodec ?? '',
          format: extname(path).slice(1).toLowerCase(),
          oshash,
          md5,
        },
      ],
    });
  }
  return scenes;
}

export interface SyntheticOptions {
  /** Folder in the fake paths. @default '/data/media/synthetic' */
  root?: string;
  /** Every n-th scene already has a phash on all its files (0 = none). @default 0 */
  phashEvery?: number;
  /** Every n-th scene has a second file (0 = none). @default 0 */
  secondFileEvery?: number;
}

const hex16 = (n: bigint): string => BigInt.asUintN(64, n).toString(16).padStart(16, '0');

// `n` fake scenes (no files on disk), deterministic: scene i has oshash/md5 derived from i.
export function syntheticLibrary(n: number, options: SyntheticOptions = {}): SeedScene[] {
  const root = options.root ?? '/data/media/synthetic';
  const scenes: SeedScene[] = [];
  for (let i = 1; i <= n; i++) {
    const withPhash = options.phashEvery ? i % options.phashEvery === 0 : false;
    const file = (k: number) => {
      const x = BigInt(i * 4 + k) * 0x9e3779b97f4a7c15n;
      return {
        path: `${root}/scene-${String(i).padStart(6, '0')}${k ? `-part${k + 1}` : ''}.mp4`,
        size: 10_000_000 + i,
        duration: 60 + (i % 3600) + 0.04,
        width: 1920,
        height: 1080,
        frameRate: 30,
        videoCodec: 'h264',
        audioCodec: 'aac',
        format: 'mp4',
        oshash: hex16(x),
        md5: hex16(x >> 7n) + hex16(x * 3n),
        ...(withPhash ? { phash: hex16(x ^ 0xa5a5a5a5a5a5a5a5n) } : {}),
      };
    };
    const two = options.secondFileEvery ? i % options.secondFileEvery === 0 : false;
    scenes.push({ files: two ? [file(0), file(1)] : [file(0)] });
  }
  return scenes;
}
