// `phashvaapi bench` as a user runs it: the Stash way against ours on a real file, the outputs
// compared (the phash is the one the real Stash computed), and nothing left behind.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { RowSummary } from '../../../src/bench/bench-report.js';
import { runCli } from '../../helpers/cli.js';
import { corpusContext } from '../../helpers/corpus-context.js';

const corpus = corpusContext();

describe('phashvaapi bench: usage errors', () => {
  it('exits 2 on an unknown step and without files', async () => {
    const bad = await runCli(['bench', '--steps', 'phash,bogus', 'x.mp4']);
    expect(bad.exitCode).toBe(2);
    expect(bad.stderr).toMatch(/Unknown step\(s\) bogus/);
    expect((await runCli(['bench'])).exitCode).toBe(2);
  });
});

describe.skipIf(!corpus.available)(`phashvaapi bench on a real file ${corpus.reason}`, () => {
  it('times every step both ways, finds Stash-exact outputs equal, and removes its files', async () => {
    const file = corpus.files.find((f) => f.recipe.startsWith('c11'))!;
    const tmp = await mkdtemp(join(tmpdir(), 'bench-cli-'));
    try {
      const r = await runCli(['bench', '--json', '--runs', '1', '--no-hwaccel', corpus.pathOf(file.file)], {
        env: { TMPDIR: tmp },
      });
      expect(r.stderr).toBe('');
      expect(r.exitCode).toBe(0);
      const { rows } = JSON.parse(r.stdout) as { rows: RowSummary[] };
      const by = new Map(rows.map((row) => [row.name, row]));
      expect([...by.keys()]).toEqual([
        'phash',
        'cover',
        'sprite',
        'phash + sprite (one shared decode)',
        'preview (libx264)',
        'webp',
        'total (phash, cover, sprite, preview, webp)',
      ]);
      expect(by.get('phash')!.agreement).toBe(`phash ${file.phash} equal`);
      expect(by.get('cover')!.agreement).toBe('cover bytes equal');
      expect(by.get('sprite')!.agreement).toBe('sprite and VTT bytes equal');
      expect(by.get('phash + sprite (one shared decode)')!.agreement).toBe('phash, sprite and VTT equal');
      for (const row of rows) {
        expect(row.mismatch).toBe(false);
        for (const v of [row.stashWallS, row.oursWallS, row.stashCpuS, row.oursCpuS])
          expect(v).toBeGreaterThan(0);
        expect(row.wallRatio).toBeCloseTo(row.oursWallS / row.stashWallS, 9);
      }
      const total = by.get('total (phash, cover, sprite, preview, webp)')!;
      const parts = ['phash', 'cover', 'sprite', 'preview (libx264)', 'webp'].map((n) => by.get(n)!);
      expect(total.stashWallS).toBeCloseTo(
        parts.reduce((a, p) => a + p.stashWallS, 0),
        6,
      );
      // (tsx keeps its compile cache there too; that is the test runner's, not the bench's.)
      expect((await readdir(tmp)).filter((n) => !n.startsWith('tsx-'))).toEqual([]);
    } finally {
      await rm(tmp, { recursive: true, force: true });
    }
  }, 600_000);
});
