// Eight real worker processes share one 200-scene library: every scene is hashed exactly once and
// no claim tag is left behind. Frames come from a fake ffmpeg so the test measures claiming.
import { afterAll, describe, expect, it } from 'vitest';
import {
  leftoverClaims,
  phashWrites,
  scenesMissingPhash,
  startWorker,
  syntheticRig,
  type SyntheticRig,
} from '../../helpers/worker-harness.js';

const WORKERS = 8;
const SCENES = 200;

describe('8 workers x 200 scenes', () => {
  let rig: SyntheticRig;
  afterAll(async () => rig?.standin.close());

  it('processes every scene once and leaves no claim', async () => {
    rig = await syntheticRig(SCENES);
    const started = Date.now();
    const workers = Array.from({ length: WORKERS }, () =>
      startWorker(
        [
          ...rig.baseArgs,
          '--batch-size',
          '10',
          '--idle-min-seconds',
          '1',
          '--idle-max-seconds',
          '2',
          '--concurrency',
          '1',
        ],
        rig.env,
      ),
    );
    while (scenesMissingPhash(rig.standin) > 0 && Date.now() - started < 150_000) {
      await new Promise((r) => setTimeout(r, 250));
    }
    const seconds = (Date.now() - started) / 1000;
    workers.forEach((w) => w.kill('SIGTERM'));
    const results = await Promise.all(workers);
    for (const r of results) expect(r.exitCode, r.stderr).toBe(0);

    expect(scenesMissingPhash(rig.standin)).toBe(0);
    expect(phashWrites(rig.standin)).toBe(SCENES); // one write per scene: nothing processed twice
    expect(leftoverClaims(rig.standin)).toEqual({ tags: 0, scenes: 0 });
    expect(rig.standin.state.sceneHookRuns, "claims or releases updated scenes (users' hooks ran)").toBe(0);
    const phashes = new Set(
      [...rig.standin.state.scenes.values()].map((s) =>
        String(s.files[0]!.fingerprints.find((f) => f.type === 'phash')?.value),
      ),
    );
    expect([...phashes].map((v) => BigInt(v))).toEqual([0x8000000000000000n]);
    console.log(
      `multi-worker: ${SCENES} scenes by ${WORKERS} workers in ${seconds.toFixed(1)} s (${(SCENES / seconds).toFixed(1)} scenes/s), ${rig.standin.requestCount()} requests`,
    );
  }, 180_000);
});
