// The differential test's fixed subset: files 0..COUNT-1 of SEED, chosen because together they
// cover every property family (checked below, purely), compared frame by frame with Stash's
// command on every fast path. `npm run test:differential -- --seed S --count N` runs more.
import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { recipeToShell } from './recipe-commands.js';
import { FAMILIES, familiesOf, generateRecipe } from './recipe.js';
import { runDifferential } from './run-differential.js';

const SEED = 409009;
const COUNT = 10;
const specs = Array.from({ length: COUNT }, (_, i) => generateRecipe(SEED, i));

const missing = ['ffmpeg', 'ffprobe'].filter((bin) => spawnSync(bin, ['-version']).error !== undefined);
// Under CI a missing ffmpeg fails the test below instead of skipping it.
const skip = missing.length > 0 && process.env.CI !== 'true';

describe('the fixed differential subset', () => {
  it('covers every property family', () => {
    const seen = new Set(specs.flatMap(familiesOf));
    expect(FAMILIES.filter((f) => !seen.has(f))).toEqual([]);
  });
});

describe.skipIf(skip)(
  `fast paths agree with Stash's command ${skip ? `(skipped: ${missing.join(', ')} not found)` : ''}`,
  () => {
    let dir = '';
    afterAll(() => dir && rm(dir, { recursive: true, force: true }));

    it(`on files 0..${COUNT - 1} of seed ${SEED}`, async () => {
      dir = await mkdtemp(join(tmpdir(), 'phashvaapi-differential-'));
      const summary = await runDifferential({ seed: SEED, count: COUNT, workDir: dir });
      const report = summary.files
        .filter((f) => f.error !== null || f.disagreements.length > 0)
        .map((f) =>
          [f.recipe.spec.id, f.error ?? JSON.stringify(f.disagreements), ...recipeToShell(f.recipe)].join(
            '\n',
          ),
        );
      expect(report.join('\n\n')).toBe('');

      // Every file was compared: the 25 phash seeks on each path that takes them all, and the
      // sprite's 81 on files clearly longer than Stash's 5 s slow-seek limit.
      expect(summary.files).toHaveLength(COUNT);
      for (const f of summary.files) {
        expect(f.compared['per-seek'], f.recipe.spec.id).toBe(25);
        expect(f.compared.grabFrames, f.recipe.spec.id).toBe(25);
      }
      const long = specs.filter((s) => s.seconds >= 6).length;
      const seeks = summary.files.reduce((n, f) => n + f.seeks, 0);
      expect(seeks).toBeGreaterThanOrEqual(COUNT * 25 + long * 81);
      // The batch path served most of them (it leaves a seek to Stash's command when in doubt).
      expect(summary.compared.batch).toBeGreaterThan(seeks / 2);
      // The stretch path served frames (H.264 and HEVC in MP4 and Matroska).
      expect(summary.compared.stretch).toBeGreaterThan(0);
      expect(summary.disagreements).toBe(0);
    }, 1_800_000);
  },
);
