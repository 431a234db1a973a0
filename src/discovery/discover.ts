// Finds a batch of scenes that need work without ever listing the library: one count query, then
// one page of Stash's seeded random order at a random page number. Requests per batch are two,
// whatever the library's size; different workers use different seeds and pages, so they rarely
// pick the same scenes (and the claim protocol settles it when they do). Scenes other workers
// claim are listed on their claim tags, which no Stash filter can read: the page is read larger
// by their number and they are dropped from it, so a full batch remains whenever one exists.
import {
  countScenesNeedingWork,
  findScenesNeedingWork,
  type NeedingWorkCriteria,
  type WorkScene,
} from '../stash/api.js';
import type { StashClient } from '../stash/client.js';

export interface DiscoveryOptions extends NeedingWorkCriteria {
  batchSize: number;
  /** This worker's random_<seed> (fixed for its lifetime, different across workers). */
  seed: number;
  /** Scenes claimed by live workers: dropped from the page. */
  skip?: ReadonlySet<string>;
  random?: () => number;
}

export interface DiscoveredBatch {
  /** Scenes needing work and not excluded (error-tagged); claimed scenes included. */
  total: number;
  scenes: WorkScene[];
  page: number;
}

// Picks one random page of candidates.
export async function discoverBatch(
  client: StashClient,
  options: DiscoveryOptions,
): Promise<DiscoveredBatch> {
  const total = await countScenesNeedingWork(client, options);
  if (total === 0) return { total, scenes: [], page: 0 };
  // Only full pages are drawn, so a batch is never a lone leftover scene; the tail of the order
  // joins full pages as the set shrinks (and page 1 holds everything once total < batchSize).
  const skip = options.skip ?? new Set<string>();
  const perPage = options.batchSize + Math.min(skip.size, MAX_SKIP_ROOM);
  const pages = Math.max(1, Math.floor(total / perPage));
  const page = 1 + Math.floor((options.random ?? Math.random)() * pages);
  const unclaimed = (scenes: WorkScene[]) =>
    scenes.filter((s) => !skip.has(s.id)).slice(0, options.batchSize);
  const found = await findScenesNeedingWork(client, { ...options, page, perPage });
  if (found.scenes.length > 0 || page === 1)
    return { total: found.count, scenes: unclaimed(found.scenes), page };
  // The set shrank under us (other workers finished scenes): the first page still has some.
  const first = await findScenesNeedingWork(client, { ...options, page: 1, perPage });
  return { total: first.count, scenes: unclaimed(first.scenes), page: 1 };
}

// Room for claimed scenes in one page, at most (a fleet of 50 workers with batches of 20).
const MAX_SKIP_ROOM = 1000;

// A random seed for Stash's random_<seed> sort (Stash uses seed % 1e8).
export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 100_000_000);
}
