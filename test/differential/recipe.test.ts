// The recipe generator is pure and seeded: the same (seed, index) always gives the same commands,
// every recipe is one ffmpeg can build (codec allowed in its container), and any run of
// FAMILIES.length files covers every property family.
import { describe, expect, it } from 'vitest';
import { quoteArg } from '../../src/media/shell-quote.js';
import { buildRecipe, mainVideoGraph, recipeToShell } from './recipe-commands.js';
import { containersFor, FAMILIES, familiesOf, generateRecipe } from './recipe.js';

describe('differential recipes', () => {
  it('are reproducible from seed and index, and differ between seeds', () => {
    expect(buildRecipe(generateRecipe(7, 3))).toEqual(buildRecipe(generateRecipe(7, 3)));
    const a = Array.from({ length: 20 }, (_, i) => JSON.stringify(generateRecipe(7, i)));
    const b = Array.from({ length: 20 }, (_, i) => JSON.stringify(generateRecipe(8, i)));
    expect(a.filter((x, i) => x.replace('s7-', 's8-') === b[i])).toHaveLength(0);
  });

  it.each([1, 2, 3, 1000])('cover every family within FAMILIES.length files (seed %i)', (seed) => {
    const seen = new Set(
      Array.from({ length: FAMILIES.length }, (_, i) => familiesOf(generateRecipe(seed, i + 5))).flat(),
    );
    expect([...FAMILIES].filter((f) => !seen.has(f))).toEqual([]);
  });

  it('put each codec only in a container that holds it', () => {
    for (let i = 0; i < 500; i++) {
      const r = generateRecipe(11, i);
      expect(containersFor(r.codec), r.id).toContain(r.container);
      if (r.stripStss) expect(['mp4', 'mov', 'm4v'], r.id).toContain(r.container);
      if (r.stripStss) expect(r.mp4Layout, r.id).not.toBe('fragmented');
    }
  });

  it('print as shell lines that rebuild the file', () => {
    const spec = { ...generateRecipe(5, 0), cutAt: 1.5, stripStss: true, container: 'mp4' as const };
    const lines = recipeToShell(buildRecipe(spec));
    expect(lines.at(-2)).toMatch(/^ffmpeg -v error -y -ss 1\.5 -i source\.mp4 -map 0 -c copy .*s5-0\.mp4$/);
    expect(lines.at(-1)).toContain("'stss'");
    expect(lines.join('\n')).toContain(quoteArg(mainVideoGraph(spec)));
  });
});
