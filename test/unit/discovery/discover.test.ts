// discoverBatch against a fake Stash that answers the two queries it may send: the page it reads
// must spread over the whole order, a batch costs exactly two requests whatever the library's
// size, and scenes other workers claim are dropped from the page (read larger by their number).
import { describe, expect, it } from 'vitest';
import { discoverBatch } from '../../../src/discovery/discover.js';
import type { StashClient } from '../../../src/stash/client.js';
import { operationName } from '../../../src/stash/client.js';
import { seededRandom } from '../../standin/knobs.js';

interface Sent {
  operation: string;
  variables: Record<string, unknown>;
}

// A library of `total` scenes needing work, in one fixed order; pages cut from it.
function fakeStash(total: number): { client: StashClient; sent: Sent[] } {
  const sent: Sent[] = [];
  const client = {
    url: 'http://fake/graphql',
    request: (document: Parameters<StashClient['request']>[0], variables?: Record<string, unknown>) => {
      const operation = operationName(document as never);
      sent.push({ operation, variables: variables ?? {} });
      if (operation === 'CountScenesNeedingWork') return Promise.resolve({ findScenes: { count: total } });
      if (operation !== 'FindScenesNeedingWork') throw new Error(`unexpected ${operation}`);
      const page = variables!.page as number;
      const perPage = variables!.perPage as number;
      const ids = Array.from({ length: total }, (_, i) => String(i + 1)).slice(
        (page - 1) * perPage,
        page * perPage,
      );
      return Promise.resolve({ findScenes: { count: total, scenes: ids.map((id) => ({ id, tags: [] })) } });
    },
    requestCount: () => sent.length,
    sceneUpdateCount: () => 0,
    close: () => Promise.resolve(),
  } as unknown as StashClient;
  return { client, sent };
}

describe('discoverBatch', () => {
  it('spreads its page over the whole order', async () => {
    const { client } = fakeStash(1000);
    const random = seededRandom(3);
    const pages: number[] = [];
    for (let i = 0; i < 300; i++)
      pages.push((await discoverBatch(client, { missing: ['phash'], batchSize: 20, seed: 1, random })).page);
    const counts = new Map<number, number>();
    for (const p of pages) counts.set(p, (counts.get(p) ?? 0) + 1);
    // 50 pages, 300 draws: a uniform choice hits nearly every page and none very often.
    expect(
      counts.size,
      `only pages ${[...counts.keys()].sort((a, b) => a - b).join(',')} were ever read`,
    ).toBeGreaterThanOrEqual(45);
    expect(
      Math.max(...counts.values()),
      'one page is read far more often than the others',
    ).toBeLessThanOrEqual(20);
    expect(Math.max(...pages)).toBe(50);
  });

  it.each([1_000, 100_000])('costs one count and one page at %i scenes', async (total) => {
    const { client, sent } = fakeStash(total);
    const found = await discoverBatch(client, {
      missing: ['phash'],
      batchSize: 20,
      seed: 1,
      random: () => 0.5,
    });
    expect(found.scenes).toHaveLength(20);
    expect(
      sent.map((s) => s.operation),
      'discovery read more than one page',
    ).toEqual(['CountScenesNeedingWork', 'FindScenesNeedingWork']);
  });

  it('drops claimed scenes from a page read larger by their number', async () => {
    const { client, sent } = fakeStash(1000);
    const skip = new Set(['1', '3', '5']);
    const found = await discoverBatch(client, {
      missing: ['phash'],
      batchSize: 4,
      seed: 1,
      skip,
      random: () => 0,
    });
    expect(sent[1]!.variables.perPage).toBe(7);
    expect(found.scenes.map((s) => s.id)).toEqual(['2', '4', '6', '7']);
  });
});
