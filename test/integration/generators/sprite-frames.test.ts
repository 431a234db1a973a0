// The sprite's normal-mode grabs go through the batched fast path (many -threads 1 inputs per
// process). This proves, for the sprite's own 81 seek times (incl. -ss 0 and the last 1/81), that
// every frame is byte-identical to Stash's one-process-per-frame command, across container/codec
// families of the corpus and the synthesized 720p clip.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { describe, expect, it } from 'vitest';
import { MediaError } from '../../../src/errors.js';
import { planSprite } from '../../../src/generators/sprite-plan.js';
import { grabSpriteFrames, probeSpriteInput } from '../../../src/generators/sprite.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import { realDeps } from './deps.js';
import { fixture } from './fixtures.js';

const exec = promisify(execFile);
const corpus = corpusContext();
// c27 (MPEG-TS, GOP 100) has a tile where Stash's own command yields no image: both must fail.
const PICKS = ['c03_', 'c05_', 'c16_', 'c20_', 'c21_', 'c27_'];

async function assertStashIdentical(input: string): Promise<void> {
  const deps = realDeps();
  const plan = planSprite(await probeSpriteInput(deps, input));
  expect(plan.mode).toBe('normal');
  const limit = pLimit(2);
  const reference = await Promise.all(
    plan.frameCommands.map((args) =>
      limit(async () => (await exec('ffmpeg', [...args], { encoding: 'buffer', maxBuffer: 1 << 26 })).stdout),
    ),
  );
  const missing = reference.findIndex((frame) => frame.length === 0);
  if (missing >= 0) {
    // Stash gets no image for this tile, so its sprite fails (no sprite in artifacts.json): so must ours.
    await expect(grabSpriteFrames(plan, deps)).rejects.toThrow(MediaError);
    return;
  }
  const fast = await grabSpriteFrames(plan, deps);
  expect(fast).toHaveLength(81);
  fast.forEach((frame, i) => {
    expect(frame.length, `tile ${i}`).toBeGreaterThan(54);
    expect(frame.equals(reference[i]!), `tile ${i} differs from Stash's command`).toBe(true);
  });
}

describe('sprite frames equal Stash’s per-frame command', () => {
  it(
    'synthesized 30 s 720p clip',
    async () => assertStashIdentical(await fixture('clip30_720p.mp4')),
    300_000,
  );

  const files = corpus.files.filter((f) => f.expect === 'ok' && PICKS.some((p) => f.file.startsWith(p)));
  it.skipIf(!corpus.available)('has the corpus files it claims to check', () =>
    expect(files).toHaveLength(PICKS.length),
  );
  it.skipIf(!corpus.available).each(files.map((f) => [f.file] as const))(
    `corpus %s ${corpus.reason}`,
    async (file) => assertStashIdentical(corpus.pathOf(file)),
    300_000,
  );
});
