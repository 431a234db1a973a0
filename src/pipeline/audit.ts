// The dry run: what needs doing across the library and what one batch would do, scene by scene,
// with the ffmpeg commands it would run. Reads only: no claim tag, no error tag, no write at all.
import { isClaimTagName, isLive } from '../claims/lease.js';
import { discoverBatch, randomSeed } from '../discovery/discover.js';
import { buildNeedingWorkFilter, findTagByExactName, findTagsByName } from '../stash/api.js';
import type { StashClient } from '../stash/client.js';
import { CountScenesNeedingWorkDocument, type SceneFilterType } from '../stash/generated/graphql.js';
import type { SceneStep, StepPlan, WorkerContext } from './context.js';
import { workCriteria } from './work-criteria.js';

export interface AuditScene {
  id: string;
  title: string;
  plans: Omit<StepPlan, 'data'>[];
  problems: string[];
}

export interface AuditReport {
  library: {
    missingPhash: number;
    missingCover: number;
    errorTagged: number;
    claimedByLiveWorkers: number;
    liveWorkers: number;
    /** Scenes a batch can pick from now (needing work, not claimed, not error-tagged). */
    available: number;
  };
  batch: AuditScene[];
}

async function count(client: StashClient, sceneFilter: SceneFilterType): Promise<number> {
  return (await client.request(CountScenesNeedingWorkDocument, { sceneFilter })).findScenes.count;
}

// Builds the audit. Steps only plan here; their fence refuses any write.
export async function auditLibrary(
  ctx: Omit<WorkerContext, 'fence'>,
  steps: readonly SceneStep[],
): Promise<AuditReport> {
  const { client, config } = ctx;
  const now = Date.now();
  const claimTags = (await findTagsByName(client, config.claimTagPrefix, 'INCLUDES')).filter((t) =>
    isClaimTagName(t.name, config.claimTagPrefix),
  );
  // Without our own heartbeat we cannot learn Stash's clock offset; local time is close enough here.
  const live = claimTags.filter((t) =>
    isLive({ ...t, updatedAt: String(t.updated_at) }, now, config.leaseTtlSeconds * 1000),
  );
  const errorTag = await findTagByExactName(client, config.errorTag);
  const exclude = [...live.map((t) => t.id), ...(errorTag ? [errorTag.id] : [])];
  const criteria = workCriteria(config.steps);
  const library: AuditReport['library'] = {
    missingPhash: await count(client, buildNeedingWorkFilter({ missing: 'phash' })),
    missingCover: await count(client, buildNeedingWorkFilter({ missing: 'cover' })),
    errorTagged: errorTag ? await count(client, { tags: { value: [errorTag.id], modifier: 'INCLUDES' } }) : 0,
    claimedByLiveWorkers:
      live.length > 0
        ? await count(client, { tags: { value: live.map((t) => t.id), modifier: 'INCLUDES' } })
        : 0,
    liveWorkers: live.length,
    available: 0,
  };
  const found = await discoverBatch(client, {
    ...criteria,
    excludeTagIds: exclude,
    batchSize: config.batchSize,
    seed: randomSeed(),
  });
  library.available = found.total;
  const planCtx: WorkerContext = {
    ...ctx,
    fence: () => Promise.reject(new Error('dry run: writing is not allowed')),
  };
  const batch: AuditScene[] = [];
  for (const scene of found.scenes) {
    const entry: AuditScene = { id: scene.id, title: scene.title ?? '', plans: [], problems: [] };
    for (const step of steps) {
      try {
        const plan = await step.plan(scene, planCtx);
        if (plan) entry.plans.push({ step: plan.step, summary: plan.summary, commands: plan.commands });
      } catch (error) {
        entry.problems.push(`${step.id}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    batch.push(entry);
  }
  return { library, batch };
}

// The audit as text for a person.
export function formatAudit(report: AuditReport, maxCommandsPerStep = 2): string {
  const l = report.library;
  const lines = [
    'Library:',
    `  scenes missing a phash   ${l.missingPhash}`,
    `  scenes missing a cover   ${l.missingCover}`,
    `  error-tagged scenes      ${l.errorTagged}`,
    `  claimed by live workers  ${l.claimedByLiveWorkers} (${l.liveWorkers} workers)`,
    `  available to a batch     ${l.available}`,
    '',
    `This batch would process ${report.batch.length} scene(s):`,
  ];
  for (const s of report.batch) {
    lines.push(`  scene ${s.id}${s.title ? ` "${s.title}"` : ''}`);
    if (s.plans.length === 0 && s.problems.length === 0) lines.push('    nothing to do');
    for (const p of s.plans) {
      lines.push(`    ${p.step}: ${p.summary}`);
      for (const c of p.commands.slice(0, maxCommandsPerStep)) lines.push(`      $ ${c}`);
      if (p.commands.length > maxCommandsPerStep)
        lines.push(`      (+${p.commands.length - maxCommandsPerStep} more commands; --json lists all)`);
    }
    for (const p of s.problems) lines.push(`    problem: ${p}`);
  }
  lines.push('', 'Dry run: nothing was written to Stash or to disk.');
  return lines.join('\n');
}
