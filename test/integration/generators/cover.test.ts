// The cover's bytes are ffmpeg's bytes: equal to Stash's own command run directly, and for the
// corpus equal (sha256) to the cover a real Stash stored. Nothing is left in the OS temp dir.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import { buildCoverArgs, planCover, runCover } from '../../../src/generators/cover.js';
import { MediaError } from '../../../src/errors.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import { HAS_ARTIFACTS, loadArtifacts } from './artifacts.js';
import { realDeps } from './deps.js';
import { fixture } from './fixtures.js';

const exec = promisify(execFile);
const sha256 = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const coverTemps = async () => (await readdir(tmpdir())).filter((n) => n.startsWith('phashvaapi-cover-'));

describe('cover on a synthesized file', () => {
  it("equals Stash's command's output byte for byte, and cleans up", async () => {
    const input = await fixture('clip30_720p.mp4');
    const before = await coverTemps();
    const bytes = await runCover(planCover(input, 30), realDeps());
    expect(await coverTemps()).toEqual(before);
    const dir = await mkdtemp(join(tmpdir(), 'stash-cover-'));
    try {
      await exec('ffmpeg', buildCoverArgs(input, 6, join(dir, 'x.jpg')));
      expect(bytes.equals(await readFile(join(dir, 'x.jpg')))).toBe(true);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
    expect(bytes.subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
  }, 60_000);

  it('fails with a MediaError past the end, leaving nothing behind', async () => {
    const before = await coverTemps();
    await expect(runCover(planCover(await fixture('clip3_short.mp4'), 3, 60), realDeps())).rejects.toThrow(
      MediaError,
    );
    expect(await coverTemps()).toEqual(before);
  }, 60_000);
});

const corpus = corpusContext();
const covers = loadArtifacts().filter((a) => a.cover && corpus.files.some((f) => f.file === a.file));

describe.skipIf(!corpus.available || !HAS_ARTIFACTS)(
  `cover equals the one Stash stored ${corpus.reason}`,
  () => {
    it('covers every corpus cover', () => expect(covers.length).toBe(30));

    it.each(covers.map((a) => [a.file, a] as const))(
      '%s',
      async (_, a) => {
        const bytes = await runCover(planCover(corpus.pathOf(a.file), a.duration_db), realDeps());
        expect(bytes.length).toBe(a.cover!.bytes);
        expect(sha256(bytes)).toBe(a.cover!.sha256);
      },
      60_000,
    );
  },
);
