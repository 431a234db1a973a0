// Helpers for running real `phashvaapi run` worker processes against the stand-in.
import { execa, type ResultPromise } from 'execa';
import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { claimedScenes } from '../../src/claims/lease.js';
import { startStandin, type Standin, type StandinOptions } from '../standin/server.js';
import { syntheticLibrary } from '../standin/library.js';
import { cliCommand } from './cli.js';
import { REPO_ROOT } from './shared.js';

export const FAKE_FFMPEG = join(REPO_ROOT, 'test/fixtures/bin/fake-ffmpeg-bmp.sh');
export const SYNTHETIC_ROOT = '/data/media/synthetic';

// A 24-bit bottom-up BMP of w×h uniform gray: its montage is uniform, so its phash is
// 0x8000000000000000 (only the DC coefficient is non-zero; stash-spec §1.6).
export function uniformBmp(w = 160, h = 90, gray = 128): Buffer {
  const row = (3 * w + 3) & ~3;
  const buf = Buffer.alloc(54 + row * h);
  buf.write('BM', 0, 'latin1');
  buf.writeUInt32LE(buf.length, 2);
  buf.writeUInt32LE(54, 10);
  buf.writeUInt32LE(40, 14);
  buf.writeInt32LE(w, 18);
  buf.writeInt32LE(h, 22);
  buf.writeUInt16LE(1, 26);
  buf.writeUInt16LE(24, 28);
  for (let y = 0; y < h; y++) buf.fill(gray, 54 + y * row, 54 + y * row + 3 * w);
  return buf;
}

export interface SyntheticRig {
  standin: Standin;
  mediaDir: string;
  workDir: string;
  env: NodeJS.ProcessEnv;
  /** Flags every worker needs (Stash URL, path map, fake ffmpeg, error log). */
  baseArgs: string[];
}

// A stand-in with `n` synthetic scenes whose files exist (empty) under a temp folder.
export async function syntheticRig(n: number, options: StandinOptions = {}): Promise<SyntheticRig> {
  const workDir = await mkdtemp(join(tmpdir(), 'phashvaapi-rig-'));
  const mediaDir = join(workDir, 'media');
  await mkdir(mediaDir);
  const scenes = syntheticLibrary(n, { root: SYNTHETIC_ROOT });
  const limit = pLimit(64);
  await Promise.all(
    scenes.flatMap((s) =>
      (s.files ?? []).map((f) =>
        limit(() => writeFile(join(mediaDir, f.path.slice(SYNTHETIC_ROOT.length + 1)), '')),
      ),
    ),
  );
  const bmp = join(workDir, 'frame.bmp');
  await writeFile(bmp, uniformBmp());
  const standin = await startStandin({ scenes, ...options });
  return {
    standin,
    mediaDir,
    workDir,
    env: { ...cleanEnv(), FAKE_BMP: bmp, HOME: workDir },
    baseArgs: [
      '--stash-url',
      standin.baseUrl,
      '--path-map',
      `${SYNTHETIC_ROOT}=${mediaDir}`,
      '--ffmpeg-path',
      FAKE_FFMPEG,
      '--error-log',
      join(workDir, 'errors.log'),
      '--log-level',
      'warn',
    ],
  };
}

// The environment without the developer's own PHASHVAAPI_* settings.
export function cleanEnv(): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('PHASHVAAPI_')));
}

// Starts a worker process (`phashvaapi run ...args`).
export function startWorker(args: string[], env: NodeJS.ProcessEnv): ResultPromise<{ reject: false }> {
  const [cmd, argv] = cliCommand(['run', ...args]);
  return execa(cmd, argv, {
    cwd: REPO_ROOT,
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
  }) as ResultPromise<{ reject: false }>;
}

// Claim tags still in Stash and scenes still claimed: listed in a claim tag's description, or
// (old-style claims) carrying a claim tag.
export function leftoverClaims(
  standin: Standin,
  prefix = 'phashvaapi claim',
): { tags: number; scenes: number } {
  const claimTags = [...standin.state.tags.values()].filter((t) => t.name.startsWith(`${prefix} `));
  const ids = new Set(claimTags.map((t) => t.id));
  const claimed = new Set(claimTags.flatMap((t) => claimedScenes(t.description ?? '') ?? []));
  for (const s of standin.state.scenes.values())
    if (s.tagIds.some((id) => ids.has(id))) claimed.add(String(s.id));
  return { tags: claimTags.length, scenes: claimed.size };
}

// Scenes in which some file still lacks a phash.
export function scenesMissingPhash(standin: Standin): number {
  return [...standin.state.scenes.values()].filter((s) =>
    s.files.some((f) => !f.fingerprints.some((fp) => fp.type === 'phash')),
  ).length;
}

// Successful SetFilePhash requests the stand-in answered.
export function phashWrites(standin: Standin): number {
  return standin.requests.filter((r) => r.operationName === 'SetFilePhash' && r.status === 200).length;
}
