// Discovery never lists the library: the Stash requests of a batch are the same for 1,000 and
// for 100,000 scenes (one count, one random page, one claim, one re-read, one release; plus one
// oshash lookup and one write per scene hashed).
import { rm } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { syntheticRig } from '../../helpers/worker-harness.js';

const BATCH = 20;

async function requestsForOneBatch(
  scenes: number,
): Promise<{ total: number; byOperation: Record<string, number>; ms: number }> {
  const rig = await syntheticRig(scenes);
  try {
    const started = Date.now();
    const r = await runCli(['run', ...rig.baseArgs, '--once', '--batch-size', String(BATCH)], {
      env: rig.env,
      extendEnv: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${BATCH} claimed`);
    const byOperation: Record<string, number> = {};
    for (const q of rig.standin.requests)
      byOperation[q.operationName ?? '?'] = (byOperation[q.operationName ?? '?'] ?? 0) + 1;
    return { total: rig.standin.requestCount(), byOperation, ms: Date.now() - started };
  } finally {
    await rig.standin.close();
    await rm(rig.workDir, { recursive: true, force: true });
  }
}

describe('requests per batch', () => {
  it('do not grow with the library', async () => {
    const small = await requestsForOneBatch(1_000);
    const large = await requestsForOneBatch(100_000);
    console.log(
      `requests per batch of ${BATCH}: ${small.total} at 1,000 scenes, ${large.total} at 100,000 scenes`,
      large.byOperation,
    );
    expect(large.byOperation).toEqual(small.byOperation);
    // Fixed costs (start: version, introspection, configuration, the phash parity sample's page,
    // error tag, claim tag, heartbeat; batch: claim survey, count, page, claim, re-read, release;
    // stop: destroy tag) + 2 per scene.
    expect(large.total).toBeLessThanOrEqual(14 + 2 * BATCH);
    expect(large.byOperation.FindScenesNeedingWork).toBe(1);
    expect(large.byOperation.CountScenesNeedingWork).toBe(1);
  }, 240_000);
});
