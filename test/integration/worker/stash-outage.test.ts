// Stash goes away mid-batch: the worker waits and retries, loses no result and blames no file.
import { afterAll, describe, expect, it } from 'vitest';
import {
  leftoverClaims,
  scenesMissingPhash,
  startWorker,
  syntheticRig,
  type SyntheticRig,
} from '../../helpers/worker-harness.js';

describe('Stash down for a while mid-batch', () => {
  let rig: SyntheticRig;
  afterAll(async () => rig?.standin.close());

  it.each(['refuse', '503'] as const)(
    '(%s) loses nothing and tags nothing',
    async (mode) => {
      rig = await syntheticRig(8);
      const worker = startWorker(
        [
          ...rig.baseArgs,
          '--once',
          '--batch-size',
          '8',
          '--scene-concurrency',
          '1',
          '--concurrency',
          '1',
          '--retries',
          '1',
          '--lease-ttl-seconds',
          '60',
        ],
        { ...rig.env, FAKE_DELAY: '0.05' },
      );
      // Pull the plug once the batch is under way.
      while (!rig.standin.requests.some((r) => r.operationName === 'SetFilePhash'))
        await new Promise((r) => setTimeout(r, 20));
      rig.standin.setDowntime(4000, mode);
      const result = await worker;
      expect(result.exitCode, result.stderr).toBe(0);
      expect(result.stderr).toMatch(/unavailable|unreachable|retrying/i);
      expect(scenesMissingPhash(rig.standin)).toBe(0);
      const errorTag = [...rig.standin.state.tags.values()].find((t) => t.name === 'phashvaapi error');
      const tagged = [...rig.standin.state.scenes.values()].filter(
        (s) => errorTag && s.tagIds.includes(errorTag.id),
      );
      expect(tagged).toHaveLength(0);
      expect(leftoverClaims(rig.standin)).toEqual({ tags: 0, scenes: 0 });
      await rig.standin.close();
    },
    120_000,
  );
});
