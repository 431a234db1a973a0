// The product's first promise: for every reference video, our phash equals the one Stash itself
// computed (phash-corpus.json, confirmed by a real Stash's Generate), and every file Stash fails
// on fails here with a clear error instead of a hash.
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { MediaError } from '../../../src/errors.js';
import { runPipe, runProcess } from '../../../src/media/run-process.js';
import { hashFile } from '../../../src/phash/hash-file.js';
import { corpusContext } from '../../helpers/corpus-context.js';

const corpus = corpusContext();
const cores = availableParallelism();
const limit = pLimit(cores);
// The runners `phashvaapi hash` and the worker use: MP4 and Matroska H.264 files take the stretch
// path, the rest the per-seek path (frame-identity.test.ts proves the per-seek path's frames).
const options = { run: runProcess, runPipe, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', limit, processes: cores };

describe.skipIf(!corpus.available)(`phash of the reference corpus ${corpus.reason}`, () => {
  const ok = corpus.files.filter((f) => f.expect === 'ok');
  const bad = corpus.files.filter((f) => f.expect === 'fail');

  it('has the whole corpus to test', () => {
    expect(ok.length).toBe(26);
    expect(bad.length).toBe(7);
  });

  it.each(ok.map((f) => [f.file, f] as const))(
    '%s hashes exactly as Stash',
    async (_, f) => {
      const result = await hashFile(corpus.pathOf(f.file), options);
      expect(result.duration).toBe(f.duration);
      expect(result.phash.toString(16).padStart(16, '0')).toBe(f.phash);
      expect(result.phash).toBe(BigInt(`0x${f.phash}`));
    },
    120_000,
  );

  it.each(bad.map((f) => [f.file, f] as const))(
    '%s fails with a clear error',
    async (_, f) => {
      const error = await hashFile(corpus.pathOf(f.file), options).then(
        () => null,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(MediaError);
      expect((error as MediaError).message).toContain(f.file);
    },
    120_000,
  );
});
