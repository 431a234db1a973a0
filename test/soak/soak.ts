// The fleet soak: real worker processes (`phashvaapi run`, fake ffmpeg frames) against the stand-in,
// with churn (every tick a worker is killed with SIGKILL or a new one starts), one Stash outage
// and each worker's clock skewed by up to ±maxSkewMs (PHASHVAAPI_TEST_CLOCK_SKEW_MS, see
// src/claims/worker-clock.ts). Measured from the stand-in's own state, not from the workers:
// files whose phash was written twice, claim tags left, scenes without a phash, error-tagged
// scenes (every file is good, so any is wrong), scenes per second, requests and scene updates
// (Scene.Update.Post hook runs) per scene.
import type { ResultPromise } from 'execa';
import { seededRandom } from '../standin/knobs.js';
import { leftoverClaims, scenesMissingPhash, startWorker, syntheticRig } from '../helpers/worker-harness.js';

export interface SoakOptions {
  workers: number;
  scenes: number;
  /** A churn event every this many ms. */
  churnEveryMs: number;
  /** The outage starts this long after the first worker and lasts `outageMs`. */
  outageAtMs: number;
  outageMs: number;
  maxSkewMs: number;
  leaseTtlSeconds: number;
  /** Seconds each fake ffmpeg call takes. */
  fakeDelay: number;
  /** Gives up (results lost are then reported) after this long. */
  timeoutMs: number;
  seed?: number;
  log?: (line: string) => void;
}

export interface SoakResult {
  processedTwice: number;
  claimTagsLeft: number;
  claimedScenesLeft: number;
  resultsLost: number;
  wronglyErrorTagged: number;
  scenesPerSecond: number;
  requestsPerScene: number;
  sceneUpdatesPerScene: number;
  kills: number;
  starts: number;
  seconds: number;
}

type Worker = ResultPromise<{ reject: false }>;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function runSoak(o: SoakOptions): Promise<SoakResult> {
  const log = o.log ?? (() => undefined);
  const random = seededRandom(o.seed ?? 13);
  const rig = await syntheticRig(o.scenes);
  const args = [
    ...rig.baseArgs,
    '--lease-ttl-seconds',
    String(o.leaseTtlSeconds),
    '--batch-size',
    '10',
    '--idle-min-seconds',
    '1',
    '--idle-max-seconds',
    '2',
    '--concurrency',
    '1',
  ];
  const live: Worker[] = [];
  let kills = 0;
  let starts = 0;
  const start = () => {
    const skew = Math.round((random() * 2 - 1) * o.maxSkewMs);
    const env = { ...rig.env, FAKE_DELAY: String(o.fakeDelay), PHASHVAAPI_TEST_CLOCK_SKEW_MS: String(skew) };
    const worker = startWorker(args, env);
    live.push(worker);
    // A worker that ends by itself (e.g. started during the outage) just leaves the fleet.
    void worker.then(() => {
      const i = live.indexOf(worker);
      if (i >= 0) live.splice(i, 1);
    });
  };
  const kill = () => {
    const worker = live.splice(Math.floor(random() * live.length), 1)[0]!;
    worker.kill('SIGKILL');
    kills++;
  };

  try {
    const started = Date.now();
    for (let i = 0; i < o.workers; i++) start();
    let outage = false;
    let doneAt: number | null = null;
    while (Date.now() - started < o.timeoutMs) {
      await sleep(o.churnEveryMs);
      const left = scenesMissingPhash(rig.standin);
      if (left === 0) {
        doneAt = Date.now();
        break;
      }
      if (!outage && Date.now() - started >= o.outageAtMs) {
        rig.standin.setDowntime(o.outageMs, 'refuse');
        outage = true;
        log(`  ${((Date.now() - started) / 1000).toFixed(0)} s: Stash down for ${o.outageMs / 1000} s`);
      }
      // Keep the fleet near its size: kill when full, start when two short, else either.
      const killNow = live.length >= o.workers || (live.length > o.workers - 2 && random() < 0.5);
      if (killNow && live.length > 1) kill();
      else {
        start();
        starts++;
      }
      log(`  ${((Date.now() - started) / 1000).toFixed(0)} s: ${left} scenes left, ${live.length} workers`);
    }
    const seconds = ((doneAt ?? Date.now()) - started) / 1000;
    // Survivors reap the tags of the killed workers once their lease is over (at their next
    // batch's survey), then stop cleanly: wait until only the live workers' own tags remain. A
    // tag is told by its name (`<host>-<pid>-<hex>`), not by counting: a worker still starting
    // has no tag yet, and a count would let a dead worker's tag stand in for it.
    const deadTags = () => {
      const pids = live.map((w) => w.pid);
      return [...rig.standin.state.tags.values()].filter(
        (t) => t.name.startsWith('phashvaapi claim ') && !pids.some((pid) => t.name.includes(`-${pid}-`)),
      ).length;
    };
    const reapBy = Date.now() + o.leaseTtlSeconds * 3000 + 30_000;
    while (Date.now() < reapBy && deadTags() > 0) await sleep(500);
    const stopping = [...live];
    stopping.forEach((w) => w.kill('SIGTERM'));
    await Promise.all(stopping);

    const state = rig.standin.state;
    const errorTag = [...state.tags.values()].find((t) => t.name === 'phashvaapi error');
    const leftover = leftoverClaims(rig.standin);
    return {
      processedTwice: [...state.phashWrites.values()].filter((n) => n > 1).length,
      claimTagsLeft: leftover.tags,
      claimedScenesLeft: leftover.scenes,
      resultsLost: scenesMissingPhash(rig.standin),
      wronglyErrorTagged: errorTag
        ? [...state.scenes.values()].filter((s) => s.tagIds.includes(errorTag.id)).length
        : 0,
      scenesPerSecond: o.scenes / seconds,
      requestsPerScene: rig.standin.requestCount() / o.scenes,
      sceneUpdatesPerScene: state.sceneHookRuns / o.scenes,
      kills,
      starts,
      seconds,
    };
  } finally {
    for (const w of live) w.kill('SIGKILL');
    await rig.standin.close();
  }
}

// One table, as the report gives it.
export function formatSoak(o: SoakOptions, r: SoakResult): string {
  const rows: [string, string][] = [
    ['scenes processed twice', String(r.processedTwice)],
    ['claim tags left', `${r.claimTagsLeft} (scenes still claimed: ${r.claimedScenesLeft})`],
    ['results lost', String(r.resultsLost)],
    ['scenes wrongly error-tagged', String(r.wronglyErrorTagged)],
    ['scenes per second', r.scenesPerSecond.toFixed(2)],
    ['Stash requests per scene', r.requestsPerScene.toFixed(2)],
    ['scene updates per scene', r.sceneUpdatesPerScene.toFixed(2)],
  ];
  return [
    `soak: ${o.workers} workers x ${o.scenes} scenes, ${r.kills} kill -9 and ${r.starts} starts (one every ${o.churnEveryMs / 1000} s), ` +
      `one ${o.outageMs / 1000} s outage, clocks skewed up to ±${o.maxSkewMs / 60_000} min, lease ${o.leaseTtlSeconds} s; ${r.seconds.toFixed(0)} s`,
    '',
    '| measure | value |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${v} |`),
  ].join('\n');
}
