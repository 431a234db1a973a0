// Every worker Stash knows of, from the claim tags: each worker heartbeats on its own tag, so a
// tag's updated_at says whether it is alive, and its description lists the scenes it holds (an
// old-style tag of a 0.1 worker is on its scenes instead: those are counted by a filter).
// Read at most every 10 s however often the status page is reloaded.
import { claimedScenes, isClaimTagName, isLive } from '../../src/claims/lease.js';
import type { Config } from '../../src/config/types.js';
import { findTagsByName } from '../../src/stash/api.js';
import type { StashClient } from '../../src/stash/client.js';
import { CountScenesNeedingWorkDocument } from '../../src/stash/generated/graphql.js';

export interface FleetWorker {
  workerId: string;
  live: boolean;
  lastHeartbeat: string;
  /** Scenes the worker claims. */
  claimedScenes: number;
}

const CACHE_MS = 10_000;
const MAX_WORKERS = 25;

// A cached reader of the fleet; rejects when Stash cannot be read.
export function createFleetReader(
  client: StashClient,
  config: Config,
  now: () => number = Date.now,
): () => Promise<FleetWorker[]> {
  let cached: { at: number; workers: Promise<FleetWorker[]> } | null = null;
  const read = async (): Promise<FleetWorker[]> => {
    const tags = (await findTagsByName(client, config.claimTagPrefix, 'INCLUDES'))
      .filter((t) => isClaimTagName(t.name, config.claimTagPrefix))
      .slice(0, MAX_WORKERS);
    return Promise.all(
      tags.map(async (t) => {
        const listed = claimedScenes(t.description ?? '');
        const sceneFilter = { tags: { value: [t.id], modifier: 'INCLUDES' as const } };
        const count = async () =>
          (await client.request(CountScenesNeedingWorkDocument, { sceneFilter })).findScenes.count;
        return {
          workerId: t.name.slice(config.claimTagPrefix.length + 1),
          live: isLive({ ...t, updatedAt: String(t.updated_at) }, now(), config.leaseTtlSeconds * 1000),
          lastHeartbeat: String(t.updated_at),
          claimedScenes: listed ? listed.length : await count(),
        };
      }),
    );
  };
  return () => {
    if (!cached || now() - cached.at > CACHE_MS) {
      cached = { at: now(), workers: read() };
      cached.workers.catch(() => (cached = null));
    }
    return cached.workers;
  };
}
