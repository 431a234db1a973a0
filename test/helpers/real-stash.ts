// A throw-away real Stash (v0.26.2, ../shared/real-stash/) for end-to-end tests: its own home folder,
// a free loopback port, library folders of synthesized videos, and small GraphQL helpers for what
// tests do with it (scan, Stash's own Generate, fingerprints, configuration).
//
// Where the binary is absent (a clone without ../shared) suites skip with a clear reason; under
// CI=true, where it is always present, its absence is a failure (see `describeRealStash`).
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe } from 'vitest';
import { SHARED_DIR } from './shared.js';

export const REAL_STASH_DIR = join(SHARED_DIR, 'real-stash');
export const REAL_STASH_BIN = join(REAL_STASH_DIR, 'stash');
export const HAS_REAL_STASH = existsSync(REAL_STASH_BIN);
const MISSING = `real Stash not found at ${REAL_STASH_BIN}`;

// `describe` for suites that need the real Stash: skipped with the reason where it is absent,
// a failing suite under CI=true (CI always has it; a quiet skip there would hide a broken setup).
export function describeRealStash(name: string, fn: () => void): void {
  if (HAS_REAL_STASH) describe(name, fn);
  else if (process.env.CI === 'true')
    describe(name, () => {
      throw new Error(`${MISSING} (CI=true: the e2e suite must run)`);
    });
  else describe.skip(`${name} (skipped: ${MISSING})`, fn);
}

// A free TCP port on loopback (the OS picks it; tests run in parallel).
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

export type JobStatus = 'READY' | 'RUNNING' | 'FINISHED' | 'STOPPING' | 'CANCELLED' | 'FAILED';

export interface RealStash {
  url: string;
  home: string;
  /** Stash's generated folder (`HOME/generated`). */
  generated: string;
  port: number;
  /** Headers every request needs (set once an API key is in force). */
  headers: Record<string, string>;
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
  /** Runs a job-returning mutation's job to its end and returns its final status. */
  waitJob(jobId: string): Promise<JobStatus | null>;
  scan(input?: Record<string, unknown>): Promise<void>;
  generate(input: Record<string, unknown>): Promise<void>;
  configureGeneral(input: Record<string, unknown>): Promise<void>;
  scenes(): Promise<RealScene[]>;
  /** Every file's phash by path (null where it has none). */
  phashes(): Promise<Map<string, string | null>>;
  /** Removes the phash of every file (what `phashvaapi run` should restore). */
  clearPhashes(): Promise<void>;
  /** Sets credentials, logs in and generates a real API key, which every later request sends. */
  enableApiKey(username: string, password: string): Promise<string>;
  stop(): Promise<void>;
  /** Starts the same instance again (same home, port and database). */
  start(): Promise<void>;
}

export interface RealScene {
  id: string;
  files: { id: string; path: string; duration: number; fingerprints: { type: string; value: string }[] }[];
  tags: { id: string; name: string }[];
  paths: Record<string, string | null>;
}

const SCENES_QUERY = `{ findScenes(filter:{per_page:-1}) { scenes {
  id files { id path duration fingerprints { type value } }
  tags { id name }
  paths { screenshot preview stream webp vtt sprite }
} } }`;

// Starts a real Stash whose library is `media` (folders). Stop it with `stop()` in afterAll.
export async function startRealStash(media: string[], options: { home?: string } = {}): Promise<RealStash> {
  const home = options.home ?? (await mkdtemp(join(tmpdir(), 'phashvaapi-real-stash-')));
  const port = await freePort();
  let pid = 0;
  const headers: Record<string, string> = { 'Content-Type': 'application/json' };
  const url = `http://127.0.0.1:${port}`;

  const start = async (): Promise<void> => {
    const out = await execa('bash', [join(REAL_STASH_DIR, 'start-stash.sh'), home, String(port), ...media], {
      stdin: 'ignore',
    });
    const match = /pid=(\d+)/.exec(out.stdout);
    if (!match) throw new Error(`start-stash.sh printed no pid: ${out.stdout} ${out.stderr}`);
    pid = Number(match[1]);
  };

  const gql = async <T>(query: string, variables?: Record<string, unknown>): Promise<T> => {
    const response = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers,
      body: JSON.stringify({ query, variables }),
    });
    const text = await response.text();
    if (!response.ok) throw new Error(`real Stash answered ${response.status}: ${text.slice(0, 300)}`);
    const body = JSON.parse(text) as { data?: T; errors?: { message: string }[] };
    if (body.errors?.length) throw new Error(`real Stash: ${body.errors.map((e) => e.message).join('; ')}`);
    return body.data as T;
  };

  const waitJob = async (jobId: string): Promise<JobStatus | null> => {
    for (;;) {
      const data = await gql<{ findJob: { status: JobStatus } | null }>(
        'query($id: ID!) { findJob(input: { id: $id }) { status } }',
        { id: jobId },
      );
      const status = data.findJob?.status ?? null;
      if (status === null || status === 'FINISHED' || status === 'FAILED' || status === 'CANCELLED')
        return status;
      await new Promise((r) => setTimeout(r, 200));
    }
  };

  const runJob = async (mutation: string, input: Record<string, unknown>): Promise<void> => {
    const data = await gql<Record<string, string>>(
      `mutation($input: ${mutation}) { job: ${mutationField(mutation)}(input: $input) }`,
      {
        input,
      },
    );
    const status = await waitJob(data.job!);
    if (status !== 'FINISHED' && status !== null)
      throw new Error(`real Stash job ${mutation} ended ${status}`);
  };

  const scenes = async (): Promise<RealScene[]> =>
    (await gql<{ findScenes: { scenes: RealScene[] } }>(SCENES_QUERY)).findScenes.scenes;

  await start();
  return {
    url,
    home,
    generated: join(home, 'generated'),
    port,
    headers,
    gql,
    waitJob,
    scan: (input = {}) => runJob('ScanMetadataInput!', input),
    generate: (input) => runJob('GenerateMetadataInput!', input),
    configureGeneral: async (input) => {
      await gql('mutation($input: ConfigGeneralInput!) { configureGeneral(input: $input) { __typename } }', {
        input,
      });
    },
    scenes,
    phashes: async () => {
      const files = (await scenes()).flatMap((s) => s.files);
      return new Map(
        files.map((f) => [f.path, f.fingerprints.find((fp) => fp.type === 'phash')?.value ?? null]),
      );
    },
    clearPhashes: async () => {
      for (const file of (await scenes()).flatMap((s) => s.files))
        await gql(
          'mutation($id: ID!) { fileSetFingerprints(input: { id: $id, fingerprints: [{ type: "phash" }] }) }',
          {
            id: file.id,
          },
        );
    },
    enableApiKey: async (username, password) => {
      await gql('mutation($input: ConfigGeneralInput!) { configureGeneral(input: $input) { __typename } }', {
        input: { username, password },
      });
      // Stash's login form answers 302 with a session cookie; generateAPIKey needs that session.
      const login = await fetch(`${url}/login`, {
        method: 'POST',
        body: new URLSearchParams({ username, password, returnURL: '/' }),
        redirect: 'manual',
      });
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
      if (!cookie.startsWith('session='))
        throw new Error(`real Stash login gave no session (${login.status})`);
      headers.Cookie = cookie;
      try {
        const data = await gql<{ generateAPIKey: string }>('mutation { generateAPIKey(input: {}) }');
        headers.ApiKey = data.generateAPIKey;
        return data.generateAPIKey;
      } finally {
        delete headers.Cookie;
      }
    },
    stop: async () => {
      if (!pid) return;
      const stopped = pid;
      pid = 0;
      try {
        process.kill(stopped, 'SIGTERM');
      } catch {
        return;
      }
      for (let i = 0; i < 100; i++) {
        try {
          process.kill(stopped, 0);
        } catch {
          return;
        }
        await new Promise((r) => setTimeout(r, 100));
      }
      process.kill(stopped, 'SIGKILL');
    },
    start,
  };
}

function mutationField(inputType: string): string {
  return inputType.startsWith('Scan') ? 'metadataScan' : 'metadataGenerate';
}

// Removes a stopped instance's home (keep it when a test failed and you want to read stash.log).
export async function removeRealStash(stash: RealStash): Promise<void> {
  await stash.stop();
  await rm(stash.home, { recursive: true, force: true });
}

// A small synthesized video (testsrc2, H.264 in MP4 unless the extension says otherwise).
export async function synthVideo(
  path: string,
  options: { seconds?: number; size?: string; rate?: number; seed?: number } = {},
): Promise<void> {
  const { seconds = 4, size = '320x240', rate = 25, seed = 0 } = options;
  // The hue shift makes each seed's picture (and so its phash and oshash) different.
  const source = `testsrc2=s=${size}:r=${rate}:d=${seconds},hue=h=${(seed * 37) % 360}`;
  await execa('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-pix_fmt', 'yuv420p', path], {
    stdin: 'ignore',
  });
}
