// The fast frame path (many seeks per ffmpeg process, single-threaded decoders, parallel
// processes) must give byte-identical BMPs to Stash's one-process-per-frame command. Checked on
// every container/codec family of the corpus, including MPEG-TS, whose seeking differs.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { grabFrames } from '../../../src/media/frame-grab.js';
import { runProcess } from '../../../src/media/run-process.js';
import { buildScreenshotArgs } from '../../../src/media/screenshot-args.js';
import { phashTimestamps } from '../../../src/phash/timestamps.js';
import { corpusContext } from '../../helpers/corpus-context.js';

const exec = promisify(execFile);
const corpus = corpusContext();

// One file per container/codec family, plus rotation, VFR, 10-bit, full range and anamorphic.
const PICKS = [
  'c01',
  'c03',
  'c04',
  'c05',
  'c06',
  'c13',
  'c15',
  'c16',
  'c19',
  'c21',
  'c23',
  'c24',
  'c25',
  'c26',
  'c27',
];

async function stashFrame(input: string, t: number): Promise<Buffer> {
  const { stdout } = await exec('ffmpeg', buildScreenshotArgs(input, t), {
    encoding: 'buffer',
    maxBuffer: 1 << 26,
  });
  return stdout;
}

describe.skipIf(!corpus.available)(`fast frames equal Stash's frames ${corpus.reason}`, () => {
  const files = corpus.files.filter((f) => f.expect === 'ok' && PICKS.some((p) => f.recipe.startsWith(p)));

  it('has the files it claims to check', () => expect(files).toHaveLength(PICKS.length));

  it.each(files.map((f) => [f.file, f] as const))(
    '%s',
    async (_, f) => {
      const input = corpus.pathOf(f.file);
      const seconds = phashTimestamps(f.duration!);
      const fast = await grabFrames({
        run: runProcess,
        ffmpeg: 'ffmpeg',
        ffprobe: 'ffprobe',
        input,
        seconds,
        limit: pLimit(2),
        processes: 2,
      });
      const limit = pLimit(2);
      const reference = await Promise.all(seconds.map((t) => limit(() => stashFrame(input, t))));
      expect(fast).toHaveLength(25);
      fast.forEach((frame, i) => {
        expect(frame.length, `frame ${i}`).toBeGreaterThan(54);
        expect(frame.equals(reference[i]!), `frame ${i} differs`).toBe(true);
      });
    },
    180_000,
  );

  it('covers the families it claims to', () => {
    expect(files).toHaveLength(PICKS.length);
  });
});
