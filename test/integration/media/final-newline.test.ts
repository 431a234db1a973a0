// Issue 10, bug 3: execa strips a final newline from stdout, so a BMP whose last byte is 0x0A (or
// whose last two are 0D 0A) came back short. Every path that hands back an image must return
// ffmpeg's bytes unaltered; the reference is Stash's command writing its image to a file.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { grabSpriteFrames, probeSpriteInput } from '../../../src/generators/sprite.js';
import { planSprite } from '../../../src/generators/sprite-plan.js';
import { grabFrames } from '../../../src/media/frame-grab.js';
import { goFloatString } from '../../../src/media/go-float.js';
import { runPipe, runProcess, type ProcessRunner } from '../../../src/media/run-process.js';
import { buildScreenshotArgs } from '../../../src/media/screenshot-args.js';
import { grabByStretches } from '../../../src/media/stretch/stretch-grab.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { decodeBmp } from '../../../src/phash/bmp.js';
import { makeFlatClip, stashFrameViaFile, stashSelectFrameViaFile } from '../../helpers/edge-files.js';

const SECONDS = [0.2, 1.1, 2, 2.9, 3.8];
const base = { run: runProcess, ffmpeg: 'ffmpeg', ffprobe: 'ffprobe', limit: pLimit(2), processes: 2 };

// A runner whose multi-input (batch) processes fail, so grabFrames falls back to Stash's command.
const batchesFail: ProcessRunner = async (options) => {
  if (options.args.filter((a) => a === '-i').length > 1) throw new Error('injected batch failure');
  return runProcess(options);
};

const cases = [
  { name: 'ends in 0A', colour: { rgb: '0x0a0a0a' }, tail: [0x0a] },
  { name: 'ends in 0D 0A', colour: { yuv: [26, 121, 127] as [number, number, number] }, tail: [0x0d, 0x0a] },
  { name: 'control, no newline', colour: { yuv: [27, 121, 127] as [number, number, number] }, tail: null },
];

describe.each(cases)('frames whose BMP $name', ({ colour, tail }) => {
  let dir = '';
  let input = '';
  let reference: Buffer[] = [];

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-newline-'));
    input = join(dir, 'flat.mp4');
    await makeFlatClip(input, colour, 4);
    reference = await Promise.all(SECONDS.map((t, i) => stashFrameViaFile(input, t, dir, `ref${i}`)));
  }, 120_000);
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it('the reference frames end as the recipe says (the premise of this test)', () => {
    for (const bmp of reference) {
      expect(bmp.readUInt32LE(2), 'BMP header file size').toBe(bmp.length);
      const last = [...bmp.subarray(bmp.length - 2)];
      if (tail) expect(last.slice(-tail.length)).toEqual(tail);
      else expect(last[1]).not.toBe(0x0a);
    }
  });

  it('Stash’s per-seek command through the process runner returns every byte', async () => {
    const { stdout } = await runProcess({ bin: 'ffmpeg', args: buildScreenshotArgs(input, SECONDS[1]!) });
    expect(stdout.equals(reference[1]!)).toBe(true);
  });

  it('the batch grab returns every byte', async () => {
    const got = await grabFrames({ ...base, input, seconds: SECONDS });
    got.forEach((bmp, i) => expect(bmp.equals(reference[i]!), `seek ${SECONDS[i]}`).toBe(true));
  });

  it('the per-seek fallback (batches failing) returns every byte', async () => {
    const got = await grabFrames({ ...base, run: batchesFail, input, seconds: SECONDS });
    got.forEach((bmp, i) => expect(bmp.equals(reference[i]!), `seek ${SECONDS[i]}`).toBe(true));
  });

  it('the stretch pipe returns every byte', async () => {
    const got = await grabByStretches({
      ...base,
      runPipe,
      input,
      seeks: SECONDS.map(goFloatString),
    });
    expect(got.filter(Boolean).length, 'seeks the stretch path served').toBe(SECONDS.length);
    got.forEach((bmp, i) => expect(bmp!.equals(reference[i]!), `seek ${SECONDS[i]}`).toBe(true));
  }, 120_000);

  it('the sprite’s slow-seek grabs return every byte, and all 81 decode', async () => {
    const deps = { ...base, logger: silentLogger };
    const plan = planSprite(await probeSpriteInput(deps, input));
    expect(plan.mode).toBe('slow-seek');
    const picks = [0, 40, 80];
    const expected = await Promise.all(
      picks.map((tile) => stashSelectFrameViaFile(plan.frameCommands[tile]!, dir, `sprite${tile}`)),
    );
    const got = await grabSpriteFrames(plan, deps);
    picks.forEach((tile, k) => expect(got[tile]!.equals(expected[k]!), `tile ${tile}`).toBe(true));
    // What failed in the wild: `sprite frame 31/81: cannot decode ffmpeg's image`.
    for (const bmp of got) expect(decodeBmp(bmp).width).toBe(160);
  }, 180_000);
});

// The cover is written by ffmpeg to a file (image2) and read back, never taken from stdout, and a
// JPEG always ends in FF D9: it cannot hit this bug (src/generators/cover.ts).
