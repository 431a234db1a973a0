// The stretch path on Matroska/H.264 (stretch/containers/matroska.ts): every frame it serves must
// be the very bytes of Stash's per-frame command. Checked on synthesized multi-GOP B-pyramid files,
// one with Cues and one without (the seek then lands on an earlier keyframe), and on the corpus's
// MKV/H.264 files.
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { phashTimestamps } from '../../../src/phash/timestamps.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import { checkStretchIdentity } from '../../helpers/stretch-identity.js';

const exec = promisify(execFile);
const corpus = corpusContext();

// Phash and sprite seeks of a file of `duration` seconds, as a scene job asks for them.
const seeksFor = (duration: number) => [
  ...phashTimestamps(duration),
  ...Array.from({ length: 81 }, (_, i) => (i * duration) / 81),
];

// Grabs by stretches and compares every served frame with Stash's command; returns how many were served.
async function checkIdentity(input: string, seconds: readonly number[]): Promise<number> {
  return (await checkStretchIdentity(input, seconds)).length;
}

describe('stretch path on synthesized Matroska/H.264', () => {
  let dir = '';
  const duration = 24;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-mkv-'));
    // prettier-ignore
    await exec('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${duration}`,
      '-f', 'lavfi', '-i', `sine=frequency=300:duration=${duration}`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
      '-bf', '3', '-x264-params', 'b-pyramid=normal', '-pix_fmt', 'yuv420p', '-c:a', 'aac', join(dir, 'cues.mkv'),
    ]);
    // Written to a pipe, the Matroska muxer cannot go back to write Cues: a file without an index.
    const { stdout } = await exec(
      'ffmpeg',
      ['-v', 'error', '-i', join(dir, 'cues.mkv'), '-c', 'copy', '-f', 'matroska', '-'],
      {
        encoding: 'buffer',
        maxBuffer: 1 << 28,
      },
    );
    await writeFile(join(dir, 'nocues.mkv'), stdout);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  for (const name of ['cues.mkv', 'nocues.mkv'])
    it(`${name}: serves most seeks, each byte-identical to Stash’s command`, async () => {
      const seconds = seeksFor(duration);
      // Seeks within 0.1 s of a keyframe, or 0.23 s before one (fftools' Matroska seek lead), go per seek.
      expect(await checkIdentity(join(dir, name), seconds)).toBeGreaterThan(seconds.length * 0.7);
    }, 300_000);
});

describe.skipIf(!corpus.available)(`stretch path on the corpus's MKV/H.264 files ${corpus.reason}`, () => {
  const files = corpus.files.filter(
    (f) => f.expect === 'ok' && f.file.endsWith('.mkv') && /h264/.test(f.recipe),
  );
  it('the corpus has MKV/H.264 files', () => expect(files.length).toBeGreaterThanOrEqual(2));
  for (const f of files)
    it(`${f.file}: every served frame byte-identical`, async () => {
      const served = await checkIdentity(corpus.pathOf(f.file), seeksFor(f.duration!));
      expect(served).toBeGreaterThan(0);
    }, 300_000);
});
