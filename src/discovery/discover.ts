// Finds a batch of scenes that need work without ever listing the library: one count query, then
// one page of Stash's seeded random order at a random page number. Requests per batch are two,
// whatever the library's size; different workers use different seeds and pages, so they rarely
// pick the same scenes (and the claim protocol settles it when they do).
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
  random?: () => number;
}

export interface DiscoveredBatch {
  /** Scenes needing work and not excluded (claimed by live workers, error-tagged). */
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
  const pages = Math.max(1, Math.floor(total / options.batchSize));
  const page = 1 + Math.floor((options.random ?? Math.random)() * pages);
  const found = await findScenesNeedingWork(client, { ...options, page, perPage: options.batchSize });
  if (found.scenes.length > 0 || page === 1) return { total: found.count, scenes: found.scenes, page };
  // The set shrank under us (other workers finished scenes): the first page still has some.
  const first = await findScenesNeedingWork(client, { ...options, page: 1, perPage: options.batchSize });
  return { total: first.count, scenes: first.scenes, page: 1 };
}

// A random seed for Stash's random_<seed> sort (Stash uses seed % 1e8).
export function randomSeed(random: () => number = Math.random): number {
  return Math.floor(random() * 100_000_000);
}
