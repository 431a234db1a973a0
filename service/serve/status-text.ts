// The service's status in a few lines of text: the plugin's "Service status" task shows it in
// Stash's log.
import { formatDuration } from '../../src/observability/format-duration.js';
import { formatRunSummary } from '../../src/observability/run-stats.js';
import type { WorkerSnapshot } from '../../src/observability/worker-status.js';
import type { FleetWorker } from './fleet.js';

// Worker state, current batch and scenes, totals, last errors and the other workers.
export function formatServiceStatus(s: WorkerSnapshot, fleet: FleetWorker[] | null): string {
  const lines = [
    `worker ${s.workerId ?? '(starting)'}: ${s.state}, ${s.batches} batches since ${s.startedAt}`,
  ];
  if (s.batch) {
    const b = s.batch;
    const progress = b.total === null ? 'claiming' : `${b.done}/${b.total}`;
    lines.push(
      `  batch ${b.number}: ${b.finishedAt ? 'finished' : 'running'}, ${progress} (${b.counts.done} done, ${b.counts.failed} failed, ${b.counts.skipped} skipped)`,
    );
  }
  for (const c of s.current)
    lines.push(`  now: scene ${c.sceneId}${c.title ? ` "${c.title}"` : ''} at ${c.step} since ${c.since}`);
  if (s.queueDepth !== null)
    lines.push(`  scenes waiting: ${s.queueDepth}; claim conflicts: ${s.claimConflicts}`);
  lines.push(
    ...formatRunSummary(s.summary)
      .split('\n')
      .map((l) => `  ${l}`),
  );
  for (const e of s.errors.slice(0, 3))
    lines.push(`  error ${e.at}: ${e.sceneId ? `scene ${e.sceneId}: ` : ''}${e.message.split('\n')[0]}`);
  if (fleet) {
    lines.push(`workers in Stash: ${fleet.filter((w) => w.live).length} live`);
    for (const w of fleet) {
      const age = formatDuration(Math.max(0, Date.now() - Date.parse(w.lastHeartbeat)));
      lines.push(
        `  ${w.workerId}: ${w.live ? 'live' : 'silent'}, heartbeat ${age} ago, ${w.claimedScenes} scenes claimed`,
      );
    }
  }
  return lines.join('\n');
}
