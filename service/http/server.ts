// The service's HTTP server (node:http): the status page, /api/status, control (trigger, pause,
// resume), plugin tasks, /metrics and /healthz. Bound to 127.0.0.1 unless told otherwise; with an
// access token every route but /healthz requires it (serve refuses a non-loopback address
// without one).
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { splitListen } from '../../src/config/parse-listen.js';
import { PhashVaapiError } from '../../src/errors.js';
import type { Logger } from '../../src/observability/logger.js';
import type { WorkerStatus } from '../../src/observability/worker-status.js';
import type { FleetWorker } from '../serve/fleet.js';
import type { LoopControl } from '../serve/loop-control.js';
import { TASK_MODES, type TaskJobs, type TaskMode } from '../serve/task-jobs.js';
import { TOKEN_COOKIE, isAuthorised, tokenMatches } from './auth.js';
import type { ServiceMetrics } from './metrics.js';
import { renderStatusPage } from './status-page.js';

export interface ServiceHttpOptions {
  listen: string;
  accessToken: string | null;
  status: WorkerStatus;
  control: LoopControl;
  jobs: TaskJobs;
  metrics: ServiceMetrics;
  fleet: () => Promise<FleetWorker[]>;
  stashUrl: string;
  logger: Logger;
}

export interface ServiceHttp {
  /** http://host:port */
  url: string;
  close(): Promise<void>;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const MAX_BODY = 64 * 1024;

function send(
  res: ServerResponse,
  status: number,
  body: string,
  type: string,
  headers: Record<string, string> = {},
): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': Buffer.byteLength(body),
    'Cache-Control': 'no-store',
    ...headers,
  });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown): void =>
  send(res, status, `${JSON.stringify(value)}\n`, 'application/json; charset=utf-8');

async function readJson(req: IncomingMessage): Promise<Record<string, unknown>> {
  let size = 0;
  const chunks: Buffer[] = [];
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) throw new HttpError(413, 'request body too large');
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8').trim();
  if (text === '') return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new HttpError(400, 'expected a JSON object');
}

async function fleetOrNull(o: ServiceHttpOptions): Promise<FleetWorker[] | null> {
  return o.fleet().catch((error: unknown) => {
    o.logger.debug('could not read the other workers from Stash', { error });
    return null;
  });
}

async function route(
  o: ServiceHttpOptions,
  req: IncomingMessage,
  res: ServerResponse,
  url: URL,
): Promise<void> {
  const key = `${req.method} ${url.pathname}`;
  if (key === 'GET /healthz') return json(res, 200, { ok: true, state: o.status.snapshot().state });
  if (
    key === 'GET /' &&
    o.accessToken !== null &&
    tokenMatches(url.searchParams.get('token'), o.accessToken)
  ) {
    // One visit with ?token= leaves a cookie and a clean URL (the token stays out of history).
    const cookie = `${TOKEN_COOKIE}=${encodeURIComponent(o.accessToken)}; Path=/; HttpOnly; SameSite=Strict`;
    return send(res, 303, '', 'text/plain', { Location: '/', 'Set-Cookie': cookie });
  }
  if (!isAuthorised(req, o.accessToken)) {
    return send(res, 401, '{"error":"access token required"}\n', 'application/json', {
      'WWW-Authenticate': 'Bearer',
    });
  }
  const job = /^\/api\/tasks\/([0-9a-f]+)$/.exec(url.pathname);
  if (req.method === 'GET' && job) {
    const view = o.jobs.view(job[1]!, Number(url.searchParams.get('since') ?? 0) || 0);
    return view ? json(res, 200, view) : json(res, 404, { error: 'no such task' });
  }
  switch (key) {
    case 'GET /': {
      const page = renderStatusPage({
        status: o.status.snapshot(),
        paused: o.control.paused,
        fleet: await fleetOrNull(o),
        stashUrl: o.stashUrl,
        now: Date.now(),
      });
      return send(res, 200, page, 'text/html; charset=utf-8');
    }
    case 'GET /api/status':
      return json(res, 200, {
        paused: o.control.paused,
        worker: o.status.snapshot(),
        fleet: await fleetOrNull(o),
      });
    case 'GET /metrics':
      return send(res, 200, await o.metrics.text(), o.metrics.contentType);
    case 'POST /api/batch': {
      const { batch } = o.control.trigger();
      o.logger.info('batch requested over HTTP', { batch });
      return json(res, 202, { batch });
    }
    case 'POST /api/pause':
      o.control.pause();
      return json(res, 200, { paused: true });
    case 'POST /api/resume':
      o.control.resume();
      return json(res, 200, { paused: false });
    case 'POST /api/tasks': {
      const body = await readJson(req);
      const mode = body.mode;
      if (typeof mode !== 'string' || !(TASK_MODES as readonly string[]).includes(mode)) {
        throw new HttpError(400, `expected mode to be one of ${TASK_MODES.join(', ')}`);
      }
      const args = body.args && typeof body.args === 'object' ? (body.args as Record<string, unknown>) : {};
      o.logger.info('plugin task', { mode });
      return json(res, 202, o.jobs.start(mode as TaskMode, args));
    }
    default:
      return json(res, 404, { error: `no route for ${key}` });
  }
}

// Starts listening; resolves once bound.
export async function startServiceHttp(o: ServiceHttpOptions): Promise<ServiceHttp> {
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    route(o, req, res, url).catch((error: unknown) => {
      if (res.headersSent) return res.destroy();
      if (error instanceof HttpError) return json(res, error.status, { error: error.message });
      o.logger.error('HTTP request failed', { path: url.pathname, error });
      json(res, 500, { error: error instanceof Error ? error.message : String(error) });
    });
  });
  const { host, port } = splitListen(o.listen);
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error) =>
      reject(new PhashVaapiError(`cannot listen on ${o.listen}: ${error.message}`, { cause: error })),
    );
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  const shown = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  return {
    url: `http://${shown}:${address.port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
