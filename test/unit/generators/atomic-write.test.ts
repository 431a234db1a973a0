import { mkdtemp, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  EmptyOutputError,
  fileExists,
  sweepStaleTemps,
  tempPathFor,
  withAtomicOutput,
  writeFileAtomic,
} from '../../../src/generators/atomic-write.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'atomic-test-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

// Stash's clean-generated patterns (internal/manager/task/clean_generated.go Sscanf) and its tmp dir.
const STASH_NAMES = [/^[0-9a-f]{16}/i, /^[0-9a-f]{32}/i];

describe('tempPathFor', () => {
  it('is in the destination folder, hidden, keeps the extension, and matches no Stash name', () => {
    const tmp = tempPathFor('/gen/screenshots/4ea5c9e943e0cabe.mp4');
    expect(dirname(tmp)).toBe('/gen/screenshots');
    expect(basename(tmp)).toMatch(/^\.phashvaapi-[0-9a-f]{12}\.tmp\.mp4$/);
    for (const p of STASH_NAMES) expect(basename(tmp)).not.toMatch(p);
    expect(tmp).not.toContain('/tmp/');
    expect(tempPathFor('/a/b.mp4')).not.toBe(tempPathFor('/a/b.mp4'));
  });
});

describe('writeFileAtomic', () => {
  it('creates the folder, writes the bytes with mode 0644 and leaves no temp file', async () => {
    const dest = join(dir, 'vtt', 'x_thumbs.vtt');
    await writeFileAtomic(dest, 'WEBVTT\n');
    expect(await readFile(dest, 'utf8')).toBe('WEBVTT\n');
    expect((await stat(dest)).mode & 0o777).toBe(0o644);
    expect(await readdir(join(dir, 'vtt'))).toEqual(['x_thumbs.vtt']);
  });

  it('refuses empty output and leaves nothing behind', async () => {
    const dest = join(dir, 'e.jpg');
    await expect(writeFileAtomic(dest, new Uint8Array())).rejects.toThrow(EmptyOutputError);
    await expect(writeFileAtomic(dest, new Uint8Array())).rejects.toThrow(
      'ffmpeg command produced no output',
    );
    expect(await readdir(dir)).toEqual([]);
  });

  it('replaces an existing file in one step', async () => {
    const dest = join(dir, 'a.vtt');
    await writeFile(dest, 'old');
    await writeFileAtomic(dest, 'new');
    expect(await readFile(dest, 'utf8')).toBe('new');
  });
});

describe('withAtomicOutput', () => {
  it('publishes what the producer wrote at the temp path', async () => {
    const dest = join(dir, 'p.mp4');
    const result = await withAtomicOutput(dest, async (tmp) => {
      expect(dirname(tmp)).toBe(dir);
      await writeFile(tmp, 'data', { mode: 0o600 });
      return 42;
    });
    expect(result).toBe(42);
    expect((await stat(dest)).mode & 0o777).toBe(0o644);
    expect(await readdir(dir)).toEqual(['p.mp4']);
  });

  it('removes a partial temp file when the producer fails, and never touches the destination', async () => {
    const dest = join(dir, 'p.mp4');
    await writeFile(dest, 'previous');
    await expect(
      withAtomicOutput(dest, async (tmp) => {
        await writeFile(tmp, 'partial');
        throw new Error('ffmpeg died');
      }),
    ).rejects.toThrow('ffmpeg died');
    expect(await readdir(dir)).toEqual(['p.mp4']);
    expect(await readFile(dest, 'utf8')).toBe('previous');
  });

  it('fails with EmptyOutputError when the producer wrote nothing at all', async () => {
    await expect(withAtomicOutput(join(dir, 'n.mp4'), async () => undefined)).rejects.toThrow(
      EmptyOutputError,
    );
    expect(await fileExists(join(dir, 'n.mp4'))).toBe(false);
  });
});

describe('fileExists and sweepStaleTemps', () => {
  it("follows Stash's FileExists: any file counts, even empty; a folder does not", async () => {
    await writeFile(join(dir, 'empty'), '');
    expect(await fileExists(join(dir, 'empty'))).toBe(true);
    expect(await fileExists(dir)).toBe(false);
    expect(await fileExists(join(dir, 'missing'))).toBe(false);
  });

  it('removes only our old temp files', async () => {
    const old = join(dir, '.phashvaapi-aaaaaaaaaaaa.tmp.mp4');
    const fresh = join(dir, '.phashvaapi-bbbbbbbbbbbb.tmp.mp4');
    const stash = join(dir, '4ea5c9e943e0cabe.mp4');
    for (const f of [old, fresh, stash]) await writeFile(f, 'x');
    const past = new Date(Date.now() - 3_600_000);
    await utimes(old, past, past);
    await utimes(stash, past, past);
    expect(await sweepStaleTemps(dir, 600_000)).toEqual([old]);
    expect((await readdir(dir)).sort()).toEqual([basename(fresh), basename(stash)].sort());
  });
});
