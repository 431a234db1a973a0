// The status store and the loop control: a batch's progress, scenes in flight, recent results and
// errors; trigger while idle or paused, pause holding the loop, a failed batch failing its trigger.
import { describe, expect, it } from 'vitest';
import { LoopControl } from '../../../service/serve/loop-control.js';
import {
  WorkerStatus,
  type FinishedBatch,
  type FinishedScene,
} from '../../../src/observability/worker-status.js';

const scene = (id: string, status: FinishedScene['status'], ms = 1000): FinishedScene => ({
  sceneId: id,
  title: `t${id}`,
  status,
  failure: status === 'failed' ? { kind: 'permanent', step: 'phash', error: new Error('bad file') } : null,
  steps: [
    { step: 'phash', outcome: status, ms, detail: status === 'done' ? 'abc' : 'bad file', hardware: false },
  ],
});
const report: FinishedBatch = { remaining: 9, candidates: 2, claimed: 2, conflicts: 1, reaped: 0, ms: 2000 };

describe('WorkerStatus', () => {
  it('follows a batch from start to finish', () => {
    let now = 1_000_000;
    const status = new WorkerStatus(() => now);
    const seen: string[] = [];
    status.subscribe((e) => seen.push(e.type));
    status.record({ type: 'started', workerId: 'w1' });
    status.record({ type: 'batch-started', batch: 1 });
    status.record({ type: 'step-started', sceneId: '1', title: 't1', step: 'phash' });
    status.record({ type: 'step-started', sceneId: '2', title: 't2', step: 'phash' });
    expect(status.snapshot().current.map((c) => c.sceneId)).toEqual(['1', '2']);
    now += 1000;
    status.record({ type: 'scene-finished', scene: scene('1', 'done'), done: 1, total: 2 });
    status.record({ type: 'scene-finished', scene: scene('2', 'failed'), done: 2, total: 2 });
    status.record({ type: 'batch-finished', report });
    const s = status.snapshot();
    expect(s).toMatchObject({
      workerId: 'w1',
      state: 'running',
      batches: 1,
      claimConflicts: 1,
      queueDepth: 9,
      current: [],
    });
    expect(s.batch).toMatchObject({
      number: 1,
      done: 2,
      total: 2,
      counts: { done: 1, failed: 1, skipped: 0 },
      report,
    });
    expect(s.recent.map((r) => [r.sceneId, r.status])).toEqual([
      ['2', 'failed'],
      ['1', 'done'],
    ]);
    expect(s.errors).toEqual([expect.objectContaining({ sceneId: '2', step: 'phash', message: 'bad file' })]);
    expect(s.summary.scenes).toEqual({ done: 1, failed: 1, skipped: 0 });
    expect(seen).toEqual([
      'started',
      'batch-started',
      'step-started',
      'step-started',
      'scene-finished',
      'scene-finished',
      'batch-finished',
    ]);
  });
});

describe('LoopControl', () => {
  const never = new AbortController().signal;

  it('a trigger ends the idle wait and is served by the next batch', async () => {
    const control = new LoopControl(new WorkerStatus());
    const idle = control.idle(60_000, never);
    const t = control.trigger();
    await idle;
    await control.beforeBatch(never);
    control.batchFinished(report);
    await expect(t.finished).resolves.toEqual(report);
    expect(t.batch).toBe(1);
  });

  it('pause holds the loop until resumed; a trigger runs one batch while paused', async () => {
    const status = new WorkerStatus();
    const control = new LoopControl(status, { paused: true });
    let started = false;
    const gate = control.beforeBatch(never).then(() => (started = true));
    await new Promise((r) => setTimeout(r, 20));
    expect(started).toBe(false);
    expect(status.snapshot().state).toBe('paused');
    const t = control.trigger();
    await gate;
    control.batchFinished(report);
    await t.finished;
    expect(control.paused).toBe(true);
    const next = control.beforeBatch(never).then(() => (started = false));
    control.resume();
    await next;
    expect(started).toBe(false);
  });

  it('fails the trigger of a batch that stopped early, and every trigger once the loop stops', async () => {
    const control = new LoopControl(new WorkerStatus());
    const t = control.trigger();
    await control.beforeBatch(never);
    await control.idle(1, never); // runWorker waits after a batch that threw
    await expect(t.finished).rejects.toThrow(/stopped early/);
    const late = control.trigger();
    control.stopped(new Error('stopping'));
    await expect(late.finished).rejects.toThrow('stopping');
    await expect(control.trigger().finished).rejects.toThrow(/stopped/);
  });
});
