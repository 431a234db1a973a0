// The stretch path (src/media/stretch/) must return, for every seek it serves, the very bytes of
// Stash's per-frame command: checked on a multi-GOP H.264 file with B-pyramids (where it skips
// non-reference frames and shares GOPs between seeks) and on MP4/H.264 files of the corpus.
import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grabFrames } from '../../../src/media/frame-grab.js';
import { goFloatString } from '../../../src/media/go-float.js';
import { runPipe, runProcess } from '../../../src/media/run-process.js';
import { buildScreenshotArgs } from '../../../src/media/screenshot-args.js';
import { grabByStretches } from '../../../src/media/stretch/stretch-grab.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { phashTimestamps } from '../../../src/phash/timestamps.js';
import { prefetchSharedFrames } from '../../../src/pipeline/shared-frames.js';
import { corpusContext } from '../../helpers/corpus-context.js';

const exec = promisify(execFile);
const corpus = corpusContext();

async function stashFrames(input: string, seconds: readonly number[]): Promise<Buffer[]> {
  const limit = pLimit(2);
  return Promise.all(
    seconds.map((t) =>
      limit(async () => (await exec('ffmpeg', buildScreenshotArgs(input, t), { encoding: 'buffer' })).stdout),
    ),
  );
}

const base = {
  run: runProcess,
  runPipe,
  ffmpeg: 'ffmpeg',
  ffprobe: 'ffprobe',
  limit: pLimit(2),
  processes: 2,
};

describe('stretch path on a multi-GOP B-frame file', () => {
  let dir = '';
  let input = '';
  let reference: Buffer[] = [];
  const duration = 24;
  // Stash's phash seeks and sprite seeks together, as a scene job prefetches them.
  const seconds = [
    ...phashTimestamps(duration),
    ...Array.from({ length: 81 }, (_, i) => (i * duration) / 81),
  ];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-stretch-'));
    input = join(dir, 'gops.mp4');
    // prettier-ignore
    await exec('ffmpeg', [
      '-v', 'error', '-f', 'lavfi', '-i', `testsrc2=size=320x240:rate=25:duration=${duration}`,
      '-f', 'lavfi', '-i', `sine=frequency=300:duration=${duration}`,
      '-c:v', 'libx264', '-preset', 'veryfast', '-g', '50', '-keyint_min', '50', '-sc_threshold', '0',
      '-bf', '3', '-pix_fmt', 'yuv420p', '-c:a', 'aac', input,
    ]);
    reference = await stashFrames(input, seconds);
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('serves most seeks, each byte-identical to Stash’s command', async () => {
    const got = await grabByStretches({ ...base, input, seeks: seconds.map(goFloatString) });
    const served = got.flatMap((bmp, i) => (bmp ? [i] : []));
    // Seeks within 0.1 s of a keyframe are left to the per-seek path; the rest are served.
    expect(served.length).toBeGreaterThan(seconds.length * 0.8);
    for (const i of served) expect(got[i]!.equals(reference[i]!), `seek ${seconds[i]} s differs`).toBe(true);
  }, 180_000);

  it('a scene job grabs phash and sprite seeks of one file in one shared pass', async () => {
    const phash = seconds.slice(0, 25);
    const sprite = seconds.slice(25);
    const deps = { ...base, logger: silentLogger };
    const prefetched = await prefetchSharedFrames(
      [
        { step: 'phash', frames: [{ input, seconds: phash }] },
        { step: 'sprite', frames: [{ input, seconds: sprite }] },
        { step: 'cover' },
      ],
      deps,
    );
    expect([...prefetched.tried]).toEqual([input]);
    expect(prefetched.frames.size).toBeGreaterThan(seconds.length * 0.8);
    // The steps then take their frames from the shared pass and grab the rest per seek.
    const frames = await grabFrames({ ...base, input, seconds: sprite, prefetched });
    frames.forEach((bmp, i) => expect(bmp.equals(reference[25 + i]!), `sprite seek ${i} differs`).toBe(true));
    // One step alone has nothing to share.
    const alone = await prefetchSharedFrames([{ step: 'phash', frames: [{ input, seconds: phash }] }], deps);
    expect(alone.frames.size).toBe(0);
  }, 180_000);

  it('grabFrames with the stretch path returns every frame as Stash does', async () => {
    const frames = await grabFrames({ ...base, input, seconds });
    frames.forEach((bmp, i) => expect(bmp.equals(reference[i]!), `seek ${seconds[i]} s differs`).toBe(true));
  }, 180_000);
});

describe.skipIf(!corpus.available)(`stretch path on the corpus's MP4/H.264 files ${corpus.reason}`, () => {
  // One file per trait of the MP4/H.264 part of the corpus (size, length, GOP structure, range,
  // aspect, rotation); frame-identity.test.ts checks the per-seek path on the rest.
  const PICKS = ['c01_', 'c02_', 'c10_', 'c11_', 'c15_', 'c17_', 'c18_', 'c24_', 'c25_'];
  const files = corpus.files.filter((f) => f.expect === 'ok' && PICKS.some((p) => f.file.startsWith(p)));

  it('has the files it claims to check', () => expect(files).toHaveLength(PICKS.length));

  it.each(files.map((f) => [f.file, f] as const))(
    '%s',
    async (_, f) => {
      const input = corpus.pathOf(f.file);
      const seconds = phashTimestamps(f.duration!);
      const frames = await grabFrames({ ...base, input, seconds });
      const reference = await stashFrames(input, seconds);
      frames.forEach((bmp, i) => expect(bmp.equals(reference[i]!), `frame ${i} differs`).toBe(true));
    },
    180_000,
  );
});
