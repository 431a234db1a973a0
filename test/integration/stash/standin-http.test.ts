// The stand-in as a server: authentication, error shapes, knobs, request log and snapshots.
import { afterEach, describe, expect, it } from 'vitest';
import { startStandin, type Standin, type StandinOptions } from '../../standin/server.js';
import { syntheticLibrary } from '../../standin/library.js';

const open: Standin[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((s) => s.close()));
});

async function start(options: StandinOptions = {}): Promise<Standin> {
  const standin = await startStandin(options);
  open.push(standin);
  return standin;
}

const VERSION = { query: 'query GetVersion { version { version } }' };

async function post(url: string, body: unknown, headers: Record<string, string> = {}) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), headers: res.headers };
}

describe('authentication', () => {
  it('accepts the ApiKey header, the apikey query parameter and known or issued session cookies', async () => {
    const s = await start({
      apiKey: 'the-key',
      sessions: ['known'],
      login: { username: 'u', password: 'p' },
    });
    expect((await post(s.url, VERSION)).status).toBe(401);
    expect((await post(s.url, VERSION, { ApiKey: 'nope' })).status).toBe(401);
    expect((await post(s.url, VERSION, { ApiKey: 'the-key' })).status).toBe(200);
    expect((await post(`${s.url}?apikey=the-key`, VERSION)).status).toBe(200);
    expect((await post(s.url, VERSION, { Cookie: 'session=known' })).status).toBe(200);
    expect((await post(s.url, VERSION, { Cookie: 'session=forged' })).status).toBe(401);
    const login = await fetch(`${s.baseUrl}/login`, {
      method: 'POST',
      body: new URLSearchParams({ username: 'u', password: 'p' }),
      redirect: 'manual',
    });
    expect(login.status).toBe(302);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    expect((await post(s.url, VERSION, { Cookie: cookie })).status).toBe(200);
  });

  it('is open when no API key is configured', async () => {
    const s = await start();
    expect(await post(s.url, VERSION)).toMatchObject({
      status: 200,
      text: '{"data":{"version":{"version":"v0.30.1"}}}',
    });
  });
});

describe('error shapes', () => {
  it('parse errors and bad variables are HTTP 422 with gqlgen codes', async () => {
    const s = await start();
    const parseError = await post(s.url, { query: '{ findScenes {' });
    expect(parseError.status).toBe(422);
    expect(JSON.parse(parseError.text)).toMatchObject({
      errors: [{ extensions: { code: 'GRAPHQL_PARSE_FAILED' } }],
      data: null,
    });
    const badVars = await post(s.url, {
      query: 'query($id: ID!){ findScene(id: $id) { id } }',
      variables: {},
    });
    expect(badVars.status).toBe(422);
    expect(JSON.parse(badVars.text).errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
  });

  it('resolver errors are HTTP 200 with errors[] before data', async () => {
    const s = await start();
    const res = await post(s.url, { query: '{ findScenes(filter: { sort: "nope" }) { count } }' });
    expect(res).toMatchObject({
      status: 200,
      text: '{"errors":[{"message":"invalid sort: nope","path":["findScenes"]}],"data":null}',
    });
  });
});

describe('knobs and observation', () => {
  it('logs and counts requests with their operation names', async () => {
    const s = await start();
    await post(s.url, { ...VERSION, operationName: 'GetVersion' });
    await post(s.url, { query: '{ systemStatus { status } }' });
    expect(s.requestCount()).toBe(2);
    expect(s.requests.map((r) => [r.operationName, r.status])).toEqual([
      ['GetVersion', 200],
      [null, 200],
    ]);
    s.resetRequests();
    expect(s.requestCount()).toBe(0);
  });

  it('fails a seeded fraction of requests with HTTP 500, the same ones each run', async () => {
    const statuses = async () => {
      const s = await start({ errorRate: 0.3, seed: 99 });
      const out: number[] = [];
      for (let i = 0; i < 20; i++) out.push((await post(s.url, VERSION)).status);
      return out;
    };
    const first = await statuses();
    expect(first.filter((x) => x === 500).length).toBeGreaterThan(0);
    expect(first.filter((x) => x === 200).length).toBeGreaterThan(0);
    expect(await statuses()).toEqual(first);
  });

  it('adds latency and goes down for a window', async () => {
    const s = await start({ latencyMs: 120 });
    const t = Date.now();
    await post(s.url, VERSION);
    expect(Date.now() - t).toBeGreaterThanOrEqual(110);
    s.knobs.latencyMs = 0;
    s.setDowntime(200, '503');
    expect((await post(s.url, VERSION)).status).toBe(503);
    s.setDowntime(200, 'refuse');
    await expect(post(s.url, VERSION)).rejects.toThrow();
    s.setDowntime(0);
    expect((await post(s.url, VERSION)).status).toBe(200);
  });
});

describe('state snapshots', () => {
  it('two stand-ins given the same seeds and mutations serialise byte for byte the same', async () => {
    const now = () => Date.parse('2026-01-01T00:00:00Z');
    const run = async () => {
      const s = await start({
        now,
        scenes: syntheticLibrary(20, { phashEvery: 3, secondFileEvery: 5 }),
        tags: [{ name: 'claim' }],
      });
      await post(s.url, {
        query:
          'mutation { bulkSceneUpdate(input: { ids: ["2", "3"], tag_ids: { ids: ["1"], mode: ADD } }) { id } }',
      });
      await post(s.url, {
        query:
          'mutation { fileSetFingerprints(input: { id: "4", fingerprints: [{ type: "phash", value: "abc" }] }) }',
      });
      await post(s.url, {
        query:
          'mutation { sceneUpdate(input: { id: "5", cover_image: "data:image/jpeg;base64,/9j/4A==" }) { id } }',
      });
      return s.snapshot();
    };
    const a = await run();
    expect(await run()).toBe(a);
    expect(a).toContain('"phash"');
    expect(a).toContain('base64:/9j/4A==');
  });
});
