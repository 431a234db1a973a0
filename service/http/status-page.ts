// The status page a person opens in a browser: rendered on the server (no script, reloads every
// 5 s), showing this worker (state, batch progress, scenes in flight, totals per step, recent
// results, last errors) and every worker Stash knows of.
import { formatDuration } from '../../src/observability/format-duration.js';
import type { WorkerSnapshot } from '../../src/observability/worker-status.js';
import type { FleetWorker } from '../serve/fleet.js';

export interface StatusPageInput {
  status: WorkerSnapshot;
  paused: boolean;
  /** null: Stash could not be read. */
  fleet: FleetWorker[] | null;
  stashUrl: string;
  now: number;
}

const esc = (s: unknown): string =>
  String(s).replace(
    /[&<>"']/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!,
  );

const ago = (iso: string, now: number): string => `${formatDuration(Math.max(0, now - Date.parse(iso)))} ago`;

const STYLE = `
body{font:14px/1.4 system-ui,sans-serif;margin:24px;color:#1d2330;background:#f6f7f9}
h1{font-size:20px;margin:0 0 4px}h2{font-size:15px;margin:24px 0 8px}
.muted{color:#667}.card{background:#fff;border:1px solid #dde1e7;border-radius:6px;padding:12px 16px;margin-bottom:12px}
.state{display:inline-block;padding:1px 8px;border-radius:10px;color:#fff;font-size:12px;text-transform:uppercase}
.running{background:#2b7de9}.idle{background:#6b7785}.paused{background:#d98b00}.stopped,.starting{background:#a33}
.bar{height:10px;background:#e6e9ee;border-radius:5px;overflow:hidden;margin:6px 0}.bar>div{height:100%;background:#2fa36b}
table{border-collapse:collapse;width:100%;background:#fff}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eceff3}
th{font-weight:600;color:#445}td.num{text-align:right;font-variant-numeric:tabular-nums}
.done{color:#1e7f4f}.failed{color:#b3261e}.skipped{color:#667}`;

function batchSection(s: WorkerSnapshot): string {
  const b = s.batch;
  if (!b) return '<p class="muted">No batch yet.</p>';
  const pct = b.total ? Math.round((100 * b.done) / b.total) : b.finishedAt ? 100 : 0;
  const state = b.finishedAt ? 'finished' : 'running';
  const counts = `${b.counts.done} done, ${b.counts.failed} failed, ${b.counts.skipped} skipped`;
  const r = b.report;
  const extra = r
    ? ` — ${r.claimed} claimed of ${r.candidates} candidates, ${r.conflicts} conflicts, ${formatDuration(r.ms)}`
    : '';
  return `<div id="batch" data-batch="${b.number}" data-state="${state}">
<strong>Batch ${b.number}</strong> <span class="muted">${state}</span>: ${b.total === null ? 'claiming…' : `${b.done}/${b.total}`} (${counts})${esc(extra)}
<div class="bar"><div style="width:${pct}%"></div></div></div>`;
}

function currentSection(s: WorkerSnapshot, now: number): string {
  if (s.current.length === 0) return '';
  const rows = s.current
    .map(
      (c) =>
        `<tr><td>${esc(c.sceneId)}</td><td>${esc(c.title)}</td><td>${esc(c.step)}</td><td>${esc(ago(c.since, now))}</td></tr>`,
    )
    .join('');
  return `<h2>Working on</h2><table><tr><th>Scene</th><th>Title</th><th>Step</th><th>Since</th></tr>${rows}</table>`;
}

function stepsSection(s: WorkerSnapshot): string {
  const sum = s.summary;
  const rate = sum.scenesPerHour === null ? '-' : sum.scenesPerHour.toFixed(1);
  const head = `<p>${sum.scenes.done} scenes done, ${sum.scenes.failed} failed, ${sum.scenes.skipped} skipped since start — ${rate} scenes/h; ${s.queueDepth ?? '-'} needed work when the last batch started; claim conflicts ${s.claimConflicts}</p>`;
  if (sum.steps.length === 0) return head;
  const ms = (v: number | null) => (v === null ? '-' : formatDuration(v));
  const rows = sum.steps
    .map(
      (t) =>
        `<tr><td>${esc(t.step)}</td><td class="num">${t.counts.done}</td><td class="num">${t.counts.failed}</td><td class="num">${t.counts.skipped}</td>` +
        `<td class="num">${ms(t.medianMs)}</td><td class="num">${ms(t.p95Ms)}</td><td class="num">${t.hardwareShare === null ? '-' : `${Math.round(t.hardwareShare * 100)}%`}</td></tr>`,
    )
    .join('');
  return `${head}<table><tr><th>Step</th><th>Done</th><th>Failed</th><th>Skipped</th><th>Median</th><th>p95</th><th>Hardware</th></tr>${rows}</table>`;
}

function recentSection(s: WorkerSnapshot, now: number): string {
  if (s.recent.length === 0) return '<h2>Recent results</h2><p class="muted">None yet.</p>';
  const rows = s.recent
    .map(
      (r) =>
        `<tr class="result"><td>${esc(ago(r.at, now))}</td><td class="num">${r.batch}</td><td>${esc(r.sceneId)}</td><td>${esc(r.title)}</td>` +
        `<td class="${r.status}">${r.status}</td><td>${esc(r.detail.split('\n')[0] ?? '')}</td><td class="num">${r.seconds.toFixed(1)} s</td></tr>`,
    )
    .join('');
  return `<h2>Recent results</h2><table id="recent"><tr><th>When</th><th>Batch</th><th>Scene</th><th>Title</th><th>Status</th><th>Detail</th><th>Time</th></tr>${rows}</table>`;
}

function errorsSection(s: WorkerSnapshot, now: number): string {
  if (s.errors.length === 0) return '';
  const rows = s.errors
    .map(
      (e) =>
        `<tr><td>${esc(ago(e.at, now))}</td><td>${esc(e.sceneId ?? '')}</td><td>${esc(e.step ?? '')}</td><td>${esc(e.message.split('\n')[0] ?? '')}</td></tr>`,
    )
    .join('');
  return `<h2>Last errors</h2><table><tr><th>When</th><th>Scene</th><th>Step</th><th>Error</th></tr>${rows}</table>`;
}

function fleetSection(fleet: FleetWorker[] | null, self: string | null, now: number): string {
  if (fleet === null) return '<h2>All workers</h2><p class="muted">Stash could not be read.</p>';
  if (fleet.length === 0) return '<h2>All workers</h2><p class="muted">No claim tags in Stash.</p>';
  const rows = fleet
    .map(
      (w) =>
        `<tr><td>${esc(w.workerId)}${w.workerId === self ? ' <span class="muted">(this one)</span>' : ''}</td>` +
        `<td class="${w.live ? 'done' : 'failed'}">${w.live ? 'live' : 'silent'}</td><td>${esc(ago(w.lastHeartbeat, now))}</td><td class="num">${w.claimedScenes}</td></tr>`,
    )
    .join('');
  return `<h2>All workers</h2><table><tr><th>Worker</th><th>State</th><th>Heartbeat</th><th>Scenes claimed</th></tr>${rows}</table>`;
}

// The whole page.
export function renderStatusPage(input: StatusPageInput): string {
  const { status: s, now } = input;
  const state = input.paused && s.state !== 'running' ? 'paused' : s.state;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
<meta name="viewport" content="width=device-width,initial-scale=1"><title>phashvaapi — ${esc(state)}</title><style>${STYLE}</style></head>
<body><h1>phashvaapi <span id="state" class="state ${esc(state)}">${esc(state)}</span>${input.paused && s.state === 'running' ? ' <span class="state paused">pausing after this batch</span>' : ''}</h1>
<p class="muted">worker ${esc(s.workerId ?? '(starting)')} · up ${esc(formatDuration(now - Date.parse(s.startedAt)))} · ${s.batches} batch${s.batches === 1 ? '' : 'es'} · Stash ${esc(input.stashUrl)}</p>
<div class="card">${batchSection(s)}${stepsSection(s)}</div>
${currentSection(s, now)}${recentSection(s, now)}${errorsSection(s, now)}${fleetSection(input.fleet, s.workerId, now)}
<p class="muted">Updated ${esc(new Date(now).toISOString())}; reloads every 5 s. JSON: /api/status · Prometheus: /metrics</p>
</body></html>`;
}
