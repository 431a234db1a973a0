// Atomic output, as stash pkg/scene/generate/generator.go generateFile does it, but safe beside a
// running Stash: the temp file lives in the destination directory (same filesystem, so rename is
// atomic; never <generated>/tmp, which Stash empties), its name starts with a dot and matches none
// of Stash's `<hash>...` patterns, it is fsynced, must be non-empty, and is made 0644 (readable by
// Stash) before the rename. Stash treats any existing file as done, so a partial file must never
// appear under the final name. On failure the temp file is removed.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, stat } from 'node:fs/promises';
import { dirname, extname, join } from 'node:path';
import { PhashVaapiError } from '../errors.js';

export const TEMP_PREFIX = '.phashvaapi-';

// The generator ran but left nothing usable (Stash: "ffmpeg command produced no output").
export class EmptyOutputError extends PhashVaapiError {
  readonly path: string;
  constructor(path: string, options?: { cause?: unknown }) {
    super(`ffmpeg command produced no output: ${path}`, options);
    this.path = path;
  }
}

// A fresh temp path beside `dest`: `.phashvaapi-<random>.tmp<ext>` (ext kept so ffmpeg picks the muxer).
export function tempPathFor(dest: string): string {
  return join(dirname(dest), `${TEMP_PREFIX}${randomBytes(6).toString('hex')}.tmp${extname(dest)}`);
}

// Runs `produce(tmpPath)` (e.g. ffmpeg writing to that path), then publishes the result at `dest`.
export async function withAtomicOutput<T>(
  dest: string,
  produce: (tmpPath: string) => Promise<T>,
): Promise<T> {
  await mkdir(dirname(dest), { recursive: true });
  const tmp = tempPathFor(dest);
  let published = false;
  try {
    const result = await produce(tmp);
    await publish(tmp, dest);
    published = true;
    return result;
  } finally {
    if (!published) await rm(tmp, { force: true });
  }
}

// Writes `bytes` to `dest` atomically.
export async function writeFileAtomic(dest: string, bytes: Uint8Array | string): Promise<void> {
  await withAtomicOutput(dest, async (tmp) => {
    const handle = await open(tmp, 'wx', 0o644);
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
  });
}

async function publish(tmp: string, dest: string): Promise<void> {
  const handle = await open(tmp, 'r+').catch((cause: unknown) => {
    throw new EmptyOutputError(dest, { cause });
  });
  try {
    if ((await handle.stat()).size === 0) throw new EmptyOutputError(dest);
    await handle.sync();
    await handle.chmod(0o644);
  } finally {
    await handle.close();
  }
  await rename(tmp, dest);
  await syncDir(dirname(dest));
}

// Makes the rename itself durable; best effort (some filesystems refuse to fsync a directory).
async function syncDir(dir: string): Promise<void> {
  const handle = await open(dir, 'r').catch(() => null);
  if (!handle) return;
  await handle.sync().catch(() => undefined);
  await handle.close();
}

// Stash's skip test (fsutil.FileExists): the path exists and is not a directory; size is ignored.
export async function fileExists(path: string): Promise<boolean> {
  const info = await stat(path).catch(() => null);
  return info !== null && !info.isDirectory();
}

// Removes our temp files older than `olderThanMs` from `dir` (left behind only if the process died).
export async function sweepStaleTemps(dir: string, olderThanMs: number, now = Date.now()): Promise<string[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(TEMP_PREFIX) || !name.includes('.tmp')) continue;
    const path = join(dir, name);
    const info = await stat(path).catch(() => null);
    if (info?.isFile() && now - info.mtimeMs > olderThanMs) {
      await rm(path, { force: true });
      removed.push(path);
    }
  }
  return removed;
}
