// /metrics in Prometheus text format (prom-client, on a registry of our own): scenes and steps by
// outcome, step durations, the hardware share, queue depth, claim conflicts, batches, scenes in
// flight, whether the loop is paused and fast-path disagreements (media/frame-check.ts), plus
// Node's process metrics. Fed by WorkerStatus events.
import { Counter, Gauge, Histogram, Registry, collectDefaultMetrics } from 'prom-client';
import type { WorkerStatus } from '../../src/observability/worker-status.js';

export interface ServiceMetrics {
  readonly contentType: string;
  text(): Promise<string>;
  close(): void;
}

// Seconds: a phash takes about 1 s to a minute, a preview several minutes.
const DURATION_BUCKETS = [0.1, 0.5, 1, 2, 5, 10, 30, 60, 120, 300, 600, 1800];

// A registry whose metrics follow `status`; `isPaused` is read at each scrape.
export function createServiceMetrics(status: WorkerStatus, isPaused: () => boolean): ServiceMetrics {
  const registry = new Registry();
  collectDefaultMetrics({ register: registry, prefix: 'phashvaapi_' });
  const scenes = new Counter({
    name: 'phashvaapi_scenes_total',
    help: 'Scenes finished by this worker, by status',
    labelNames: ['status'],
    registers: [registry],
  });
  const steps = new Counter({
    name: 'phashvaapi_steps_total',
    help: 'Step runs by step and outcome (done, failed, skipped)',
    labelNames: ['step', 'outcome'],
    registers: [registry],
  });
  const hardware = new Counter({
    name: 'phashvaapi_steps_hardware_total',
    help: 'Successful step runs that used a hardware encoder; divide by steps_total{outcome="done"} for the share',
    labelNames: ['step'],
    registers: [registry],
  });
  const duration = new Histogram({
    name: 'phashvaapi_step_duration_seconds',
    help: 'Time of successful step runs',
    labelNames: ['step'],
    buckets: DURATION_BUCKETS,
    registers: [registry],
  });
  const disagreements = new Counter({
    name: 'phashvaapi_fast_path_disagreements_total',
    help: "Files whose fast-path frames (stretch, batch) differed from Stash's command and were re-grabbed its way",
    labelNames: ['step'],
    registers: [registry],
  });
  const batches = new Counter({
    name: 'phashvaapi_batches_total',
    help: 'Batches finished',
    registers: [registry],
  });
  const conflicts = new Counter({
    name: 'phashvaapi_claim_conflicts_total',
    help: 'Scenes lost to another worker while claiming',
    registers: [registry],
  });
  const reaped = new Counter({
    name: 'phashvaapi_reaped_workers_total',
    help: 'Claim tags of silent workers removed by this worker',
    registers: [registry],
  });
  const stashRequests = new Counter({
    name: 'phashvaapi_stash_requests_total',
    help: 'GraphQL requests sent to Stash by finished batches (retries included)',
    registers: [registry],
  });
  const sceneUpdates = new Counter({
    name: 'phashvaapi_scene_updates_total',
    help: "Scenes updated in Stash (each runs users' Scene.Update.Post hooks): cover uploads and error tags only, never claims",
    registers: [registry],
  });
  new Gauge({
    name: 'phashvaapi_scene_updates_per_scene',
    help: 'Scene updates per scene processed since start (0 for phash-only work)',
    registers: [registry],
    collect() {
      this.set(status.snapshot().summary.stash.sceneUpdatesPerScene ?? 0);
    },
  });
  const queue = new Gauge({
    name: 'phashvaapi_queue_depth',
    help: 'Scenes needing work (unclaimed, not error-tagged) when the last batch started',
    registers: [registry],
  });
  new Gauge({
    name: 'phashvaapi_hardware_share',
    help: 'Share (0..1) of successful step runs that used a hardware encoder, since start',
    labelNames: ['step'],
    registers: [registry],
    collect() {
      this.reset();
      for (const s of status.snapshot().summary.steps)
        if (s.hardwareShare !== null) this.set({ step: s.step }, s.hardwareShare);
    },
  });
  new Gauge({
    name: 'phashvaapi_scenes_in_progress',
    help: 'Scenes this worker is working on now',
    registers: [registry],
    collect() {
      this.set(status.snapshot().current.length);
    },
  });
  new Gauge({
    name: 'phashvaapi_paused',
    help: '1 while the loop is paused',
    registers: [registry],
    collect() {
      this.set(isPaused() ? 1 : 0);
    },
  });
  for (const outcome of ['done', 'failed', 'skipped']) scenes.inc({ status: outcome }, 0);
  batches.inc(0);
  for (const step of ['phash', 'sprite']) disagreements.inc({ step }, 0);
  conflicts.inc(0);
  reaped.inc(0);
  stashRequests.inc(0);
  sceneUpdates.inc(0);

  const unsubscribe = status.subscribe((event) => {
    if (event.type === 'scene-finished') {
      if (event.scene.failure?.kind === 'cancelled') return;
      scenes.inc({ status: event.scene.status });
      for (const s of event.scene.steps) {
        steps.inc({ step: s.step, outcome: s.outcome });
        if (s.fastPathDisagreements) disagreements.inc({ step: s.step }, s.fastPathDisagreements);
        if (s.outcome !== 'done') continue;
        duration.observe({ step: s.step }, s.ms / 1000);
        hardware.inc({ step: s.step }, s.hardware ? 1 : 0);
      }
    } else if (event.type === 'batch-finished') {
      batches.inc();
      conflicts.inc(event.report.conflicts);
      reaped.inc(event.report.reaped);
      stashRequests.inc(event.report.stashRequests ?? 0);
      sceneUpdates.inc(event.report.sceneUpdates ?? 0);
      queue.set(event.report.remaining);
    }
  });
  return {
    contentType: registry.contentType,
    text: () => registry.metrics(),
    close: unsubscribe,
  };
}
