// The Stash stand-in: a real HTTP GraphQL server (node:http + graphql-js executing our
// schema.graphql) with Stash's semantics, authentication, fault-injection knobs, a request log and
// direct access to its in-memory state. Used by tests, the demo and `npm run stash-standin`.
import { randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleGraphQL } from './graphql-endpoint.js';
import { Knobs, type DowntimeMode } from './knobs.js';
import { libraryFromVideos } from './library.js';
import { addScene, addTag, type SeedScene, type SeedTag } from './seed.js';
import { snapshotState } from './snapshot.js';
import { createState, type GeneralConfig, type StandinState, type VersionInfo } from './state.js';

export interface StandinOptions {
  /** 0 (default) picks a free port. */
  port?: number;
  host?: string;
  /** When set, every request needs `ApiKey: <key>`, `?apikey=<key>` or a known session cookie. */
  apiKey?: string;
  /** Session cookie values accepted as authenticated. */
  sessions?: string[];
  /** Credentials for POST /login, which issues a `session` cookie. */
  login?: { username: string; password: string };
  tags?: SeedTag[];
  scenes?: SeedScene[];
  /** One scene per video file in this folder (oshash, md5, ffprobe duration). */
  videosDir?: string;
  generatedPath?: string;
  config?: Partial<GeneralConfig>;
  /** Saved plugin settings by plugin id, as configuration.plugins returns them. */
  plugins?: Record<string, Record<string, unknown>>;
  version?: Partial<VersionInfo>;
  latencyMs?: number;
  /** Fraction of GraphQL requests answered with HTTP 500, drawn from `seed`. */
  errorRate?: number;
  seed?: number;
  now?: () => number;
}

export interface RequestLogEntry {
  at: number;
  method: string;
  path: string;
  operationName: string | null;
  status: number;
}

export interface Standin {
  /** http://127.0.0.1:PORT/graphql */
  url: string;
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  state: StandinState;
  knobs: Knobs;
  requests: RequestLogEntry[];
  requestCount(): number;
  resetRequests(): void;
  setDowntime(ms: number, mode?: DowntimeMode): void;
  addSession(value: string): void;
  addScene(seed: SeedScene): ReturnType<typeof addScene>;
  addTag(seed: SeedTag): ReturnType<typeof addTag>;
  snapshot(): string;
  close(): Promise<void>;
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function cookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return v.join('=');
  }
  return null;
}

function send(
  res: ServerResponse,
  status: number,
  body: string | Buffer,
  type = 'text/plain; charset=utf-8',
) {
  res.writeHead(status, { 'Content-Type': type, 'Content-Length': Buffer.byteLength(body) });
  res.end(body);
}

// Starts a stand-in; resolves once it listens.
export async function startStandin(options: StandinOptions = {}): Promise<Standin> {
  const state = createState({
    config: { ...(options.generatedPath ? { generatedPath: options.generatedPath } : {}), ...options.config },
    ...(options.version ? { version: options.version } : {}),
    ...(options.now ? { now: options.now } : {}),
  });
  if (options.apiKey) state.config.apiKey = options.apiKey;
  if (options.plugins) state.plugins = structuredClone(options.plugins);
  for (const tag of options.tags ?? []) addTag(state, tag);
  for (const scene of options.scenes ?? []) addScene(state, scene);
  if (options.videosDir)
    for (const scene of await libraryFromVideos(options.videosDir)) {
      // Stash's scan computes a file's md5 only when calculateMD5 is on (off by default).
      if (!state.config.calculateMD5) for (const file of scene.files ?? []) delete file.md5;
      addScene(state, scene);
    }

  const knobs = new Knobs(options);
  const sessions = new Set(options.sessions ?? []);
  const requests: RequestLogEntry[] = [];
  let count = 0;

  const authorised = (req: IncomingMessage, url: URL): boolean => {
    if (!options.apiKey) return true;
    if (req.headers.apikey === options.apiKey || url.searchParams.get('apikey') === options.apiKey)
      return true;
    const session = cookie(req, 'session');
    return session !== null && sessions.has(session);
  };

  const handle = async (req: IncomingMessage, res: ServerResponse, url: URL) => {
    if (knobs.downtime() === '503') return send(res, 503, 'Service Unavailable\n');
    if (knobs.latencyMs > 0) await new Promise((r) => setTimeout(r, knobs.latencyMs));
    const body = await readBody(req);
    if (url.pathname === '/login' && req.method === 'POST') {
      const form = new URLSearchParams(body);
      const ok =
        options.login &&
        form.get('username') === options.login.username &&
        form.get('password') === options.login.password;
      // As Stash does: wrong credentials get the login page again (200, no cookie); right ones a
      // 302 to returnURL with the session cookie.
      if (!ok) return send(res, 200, '<html><body>login</body></html>\n', 'text/html');
      const value = randomBytes(24).toString('hex');
      sessions.add(value);
      res.setHeader('Set-Cookie', `session=${value}; Path=/; HttpOnly`);
      res.setHeader('Location', form.get('returnURL') || '/');
      return send(res, 302, '');
    }
    if (!authorised(req, url)) return send(res, 401, 'Unauthorized\n');
    const screenshot = /^\/scene\/(\d+)\/screenshot$/.exec(url.pathname);
    if (screenshot && req.method === 'GET') {
      const cover = state.scenes.get(Number(screenshot[1]))?.cover;
      return cover ? send(res, 200, cover, 'image/jpeg') : send(res, 404, 'Not Found\n');
    }
    if (url.pathname !== '/graphql' || req.method !== 'POST') return send(res, 404, 'Not Found\n');
    if (knobs.shouldFail()) return send(res, 500, 'Internal Server Error\n');
    const result = await handleGraphQL(body, { state, baseUrl: `http://${req.headers.host ?? 'localhost'}` });
    (res as ServerResponse & { operationName?: string | null }).operationName = result.operationName;
    return send(res, result.status, result.body, 'application/json');
  };

  const server = createServer((req, res) => {
    count++;
    const url = new URL(req.url ?? '/', 'http://localhost');
    const entry: RequestLogEntry = {
      at: Date.now(),
      method: req.method ?? '',
      path: url.pathname,
      operationName: null,
      status: 0,
    };
    requests.push(entry);
    if (knobs.downtime() === 'refuse') {
      req.socket.destroy();
      return;
    }
    res.on('finish', () => {
      entry.status = res.statusCode;
      entry.operationName = (res as ServerResponse & { operationName?: string | null }).operationName ?? null;
      if (entry.status === 200) knobs.answered(entry.operationName);
    });
    handle(req, res, url).catch((err: unknown) => {
      if (!res.headersSent) send(res, 500, `stand-in failure: ${(err as Error).message}\n`);
      else res.destroy();
    });
  });
  server.on('connection', (socket) => {
    if (knobs.downtime() === 'refuse') socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const baseUrl = `http://${options.host ?? '127.0.0.1'}:${port}`;

  return {
    url: `${baseUrl}/graphql`,
    baseUrl,
    state,
    knobs,
    requests,
    requestCount: () => count,
    resetRequests: () => {
      requests.length = 0;
      count = 0;
    },
    setDowntime: (ms, mode) => knobs.setDowntime(ms, mode),
    addSession: (value) => sessions.add(value),
    addScene: (seed) => addScene(state, seed),
    addTag: (seed) => addTag(state, seed),
    snapshot: () => snapshotState(state),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
