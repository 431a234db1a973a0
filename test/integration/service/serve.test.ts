// `phashvaapi serve` end to end against the stand-in: the token guards everything but /healthz
// (nothing runs without it), a trigger runs a batch, /metrics is valid Prometheus text whose
// counters move with the batch, pause/resume, and a clean stop leaves no claim.
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, waitFor, type ServeProcess } from '../../helpers/serve-harness.js';
import {
  leftoverClaims,
  phashWrites,
  scenesMissingPhash,
  syntheticRig,
  type SyntheticRig,
} from '../../helpers/worker-harness.js';

const TOKEN = 'test-token-0123456789';

interface MetricFamily {
  name: string;
  type: string;
  metrics: { value?: string; labels?: Record<string, string>; buckets?: Record<string, string> }[];
}

// Prometheus text exposition format 0.0.4, line by line: comments, or `name{labels} value`.
const COMMENT =
  /^# (HELP [a-zA-Z_:][\w:]* .*|TYPE [a-zA-Z_:][\w:]* (counter|gauge|histogram|summary|untyped))$/;
const SAMPLE =
  /^[a-zA-Z_:][\w:]*(\{([a-zA-Z_]\w*="([^"\\\n]|\\.)*",?)*\})? (-?\d+(\.\d+)?([eE][+-]?\d+)?|NaN|[+-]Inf)( -?\d+)?$/;

async function metrics(url: string): Promise<MetricFamily[]> {
  const res = await fetch(`${url}/metrics`, { headers: { Authorization: `Bearer ${TOKEN}` } });
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toMatch(/^text\/plain; version=0\.0\.4/);
  const text = await res.text();
  expect(text.endsWith('\n')).toBe(true);
  // Empty lines are allowed (prom-client puts one between families).
  const bad = text.split('\n').filter((line) => line !== '' && !COMMENT.test(line) && !SAMPLE.test(line));
  expect(bad).toEqual([]);
  return parsePrometheusTextFormat(text) as MetricFamily[];
}

function value(families: MetricFamily[], name: string, labels: Record<string, string> = {}): number {
  const family = families.find((f) => f.name === name);
  if (!family) throw new Error(`no metric ${name}`);
  const m = family.metrics.find((x) => Object.entries(labels).every(([k, v]) => x.labels?.[k] === v));
  return Number(m?.value ?? NaN);
}

const post = (url: string, path: string, token: string | null) =>
  fetch(`${url}${path}`, { method: 'POST', headers: token ? { Authorization: `Bearer ${token}` } : {} });

describe('phashvaapi serve', () => {
  let rig: SyntheticRig;
  let serve: ServeProcess | null = null;
  afterAll(async () => {
    await serve?.stop();
    await rig?.standin.close();
  });

  it('guards with the token, runs a triggered batch, exports moving metrics and stops cleanly', async () => {
    rig = await syntheticRig(5);
    serve = await startServe(
      [
        ...rig.baseArgs,
        '--access-token',
        TOKEN,
        '--paused',
        '--idle-min-seconds',
        '1',
        '--idle-max-seconds',
        '2',
      ],
      rig.env,
    );
    const { url } = serve;

    expect((await fetch(`${url}/healthz`)).status).toBe(200);
    for (const token of [null, 'wrong-token']) {
      const headers: Record<string, string> = token ? { Authorization: `Bearer ${token}` } : {};
      for (const path of ['/', '/api/status', '/metrics'])
        expect((await fetch(`${url}${path}`, { headers })).status, path).toBe(401);
      for (const path of ['/api/batch', '/api/resume', '/api/tasks'])
        expect((await post(url, path, token)).status, path).toBe(401);
    }
    // A cookie never authorises a POST.
    const viaCookie = await fetch(`${url}/api/batch`, {
      method: 'POST',
      headers: { Cookie: `phashvaapi_token=${TOKEN}` },
    });
    expect(viaCookie.status).toBe(401);
    await new Promise((r) => setTimeout(r, 1500));
    expect(scenesMissingPhash(rig.standin)).toBe(5);
    expect(phashWrites(rig.standin)).toBe(0);

    const before = await metrics(url);
    expect(value(before, 'phashvaapi_scenes_total', { status: 'done' })).toBe(0);
    expect(value(before, 'phashvaapi_paused')).toBe(1);

    const trigger = await post(url, '/api/batch', TOKEN);
    expect(trigger.status).toBe(202);
    expect(await trigger.json()).toEqual({ batch: 1 });
    await waitFor('the batch', () => scenesMissingPhash(rig.standin) === 0);
    await waitFor('the batch to be reported', async () => {
      const s = (await (
        await fetch(`${url}/api/status`, { headers: { Authorization: `Bearer ${TOKEN}` } })
      ).json()) as {
        worker: { batches: number };
      };
      return s.worker.batches >= 1;
    });

    const after = await metrics(url);
    expect(value(after, 'phashvaapi_scenes_total', { status: 'done' })).toBe(5);
    expect(value(after, 'phashvaapi_steps_total', { step: 'phash', outcome: 'done' })).toBe(5);
    // This parser keeps a histogram's buckets only (one step ran, so there is one series).
    const durations = after.find((f) => f.name === 'phashvaapi_step_duration_seconds')!;
    expect(durations.type).toBe('HISTOGRAM');
    expect(durations.metrics.map((m) => m.buckets?.['+Inf'])).toEqual(['5']);
    expect(value(after, 'phashvaapi_batches_total')).toBe(1);
    expect(value(after, 'phashvaapi_queue_depth')).toBe(5);
    expect(value(after, 'phashvaapi_claim_conflicts_total')).toBe(0);
    expect(value(after, 'phashvaapi_hardware_share', { step: 'phash' })).toBe(0);

    const status = (await (
      await fetch(`${url}/api/status`, { headers: { Authorization: `Bearer ${TOKEN}` } })
    ).json()) as {
      paused: boolean;
      worker: { state: string; recent: unknown[]; summary: { scenes: { done: number } } };
      fleet: { live: boolean; claimedScenes: number }[];
    };
    expect(status.paused).toBe(true);
    expect(status.worker.state).toBe('paused');
    expect(status.worker.recent).toHaveLength(5);
    expect(status.worker.summary.scenes.done).toBe(5);
    expect(status.fleet).toEqual([expect.objectContaining({ live: true, claimedScenes: 0 })]);

    expect(await (await post(url, '/api/resume', TOKEN)).json()).toEqual({ paused: false });
    const stopped = await serve.stop();
    serve = null;
    expect(stopped.exitCode, stopped.stderr).toBe(0);
    expect(leftoverClaims(rig.standin)).toEqual({ tags: 0, scenes: 0 });
  }, 90_000);

  it('says so when the address is taken', async () => {
    const { createServer } = await import('node:net');
    const busy = createServer();
    await new Promise<void>((r) => busy.listen(0, '127.0.0.1', r));
    const port = (busy.address() as { port: number }).port;
    const rig2 = await syntheticRig(1);
    const { runCli } = await import('../../helpers/cli.js');
    const r = await runCli(['serve', ...rig2.baseArgs, '--listen', `127.0.0.1:${port}`], {
      env: rig2.env,
      extendEnv: false,
    });
    busy.close();
    await rig2.standin.close();
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(new RegExp(`cannot listen on 127\\.0\\.0\\.1:${port}: .*EADDRINUSE`));
  });

  it('refuses a non-loopback address without a token', async () => {
    const { runCli } = await import('../../helpers/cli.js');
    const { cleanEnv } = await import('../../helpers/worker-harness.js');
    const r = await runCli(['serve', '--listen', '0.0.0.0:0', '--stash-url', 'http://127.0.0.1:9'], {
      env: cleanEnv(),
      extendEnv: false,
    });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/accessToken.*listen/);
  });
});
