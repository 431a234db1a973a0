// The Stash client against the stand-in: retries, refusals, timeouts, auth and request counting.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { parse } from 'graphql';
import { afterEach, describe, expect, it } from 'vitest';
import { addSceneTags, findScenesByIds, getVersion } from '../../../src/stash/api.js';
import { createStashClient, type StashClient, type StashClientOptions } from '../../../src/stash/client.js';
import { StashApiError, StashAuthError, StashUnreachableError } from '../../../src/stash/errors.js';
import { SetFilePhashDocument } from '../../../src/stash/generated/graphql.js';
import { createMemoryLogger } from '../../../src/observability/logger.js';
import { syntheticLibrary } from '../../standin/library.js';
import { startStandin, type Standin, type StandinOptions } from '../../standin/server.js';

const KEY = 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.test-api-key';
const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function setup(standinOptions: StandinOptions = {}, clientOptions: Partial<StashClientOptions> = {}) {
  const standin = await startStandin({ apiKey: KEY, scenes: syntheticLibrary(60), ...standinOptions });
  const logger = createMemoryLogger();
  const client = createStashClient({
    url: standin.url,
    apiKey: KEY,
    logger,
    timeoutMs: 2000,
    retries: 3,
    backoff: { baseMs: 20, maxMs: 200 },
    ...clientOptions,
  });
  open.push(standin, client);
  return { standin, client, logger };
}

async function rejection(p: Promise<unknown>): Promise<Error> {
  try {
    await p;
  } catch (err) {
    return err as Error;
  }
  throw new Error('expected a rejection');
}

const sameCounts = (standin: Standin, client: StashClient) =>
  expect(standin.requestCount()).toBe(client.requestCount());

describe('retries', () => {
  it('retries HTTP 500s with backoff and succeeds', async () => {
    const { standin, client, logger } = await setup({ errorRate: 0.5, seed: 7 }, { retries: 8 });
    for (let i = 0; i < 10; i++) expect((await getVersion(client)).version.version).toBe('v0.30.1');
    expect(client.requestCount()).toBeGreaterThan(10);
    sameCounts(standin, client);
    expect(standin.requests.filter((r) => r.status === 500)).toHaveLength(client.requestCount() - 10);
    expect(logger.entries.some((e) => e.level === 'warn' && e.fields.reason === 'HTTP 500')).toBe(true);
  });

  it('gives up after `retries` with a retryable StashApiError carrying the status', async () => {
    const { standin, client } = await setup({ errorRate: 1 }, { retries: 2 });
    const err = await rejection(getVersion(client));
    expect(err).toBeInstanceOf(StashApiError);
    expect(err).toMatchObject({ status: 500, retryable: true, operation: 'GetVersion' });
    expect(client.requestCount()).toBe(3);
    sameCounts(standin, client);
  });

  it('rides out a downtime window (connections reset, then 503s)', async () => {
    const { standin, client } = await setup({}, { retries: 6 });
    standin.setDowntime(150, 'refuse');
    expect((await getVersion(client)).systemStatus.status).toBe('OK');
    expect(client.requestCount()).toBeGreaterThan(1);
    const before = client.requestCount();
    standin.setDowntime(150, '503');
    await getVersion(client);
    expect(client.requestCount() - before).toBeGreaterThan(1);
  });

  it('reports an unreachable Stash with its URL once retries are exhausted', async () => {
    const { standin, client } = await setup({}, { retries: 2 });
    standin.setDowntime(60_000, 'refuse');
    const err = await rejection(getVersion(client));
    expect(err).toBeInstanceOf(StashUnreachableError);
    expect(err.message).toContain(standin.url);
    expect(err).toMatchObject({ attempts: 3, retryable: true, status: null });
  });

  it('times out a slow answer and retries it', async () => {
    const { client } = await setup({ latencyMs: 400 }, { timeoutMs: 100, retries: 1 });
    const err = await rejection(getVersion(client));
    expect(err).toBeInstanceOf(StashUnreachableError);
    expect(err.message).toContain('no answer within 100 ms');
    expect(client.requestCount()).toBe(2);
  });

  it('stops at once when the caller aborts', async () => {
    const controller = new AbortController();
    const { client } = await setup({ latencyMs: 1000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(new Error('shutting down')), 50);
    const err = await rejection(getVersion(client));
    expect(err.message).toBe('shutting down');
    expect(client.requestCount()).toBe(1);
  });
  it('stops waiting between retries when the caller aborts', async () => {
    const controller = new AbortController();
    const { client } = await setup(
      { errorRate: 1 },
      // An hour between retries: only an abort that cuts the wait short ends this test.
      { signal: controller.signal, retries: 5, backoff: { baseMs: 3_600_000, maxMs: 3_600_000 } },
    );
    setTimeout(() => controller.abort(new Error('stop')), 100);
    expect((await rejection(getVersion(client))).message).toBe('stop');
    expect(client.requestCount()).toBe(1);
  });
});

describe('errors that are never retried', () => {
  it('GraphQL validation errors (HTTP 422)', async () => {
    const { client } = await setup();
    const bad = parse('query FindBroken { findScenes { scenes { no_such_field } } }') as TypedDocumentNode<
      unknown,
      Record<string, never>
    >;
    const err = await rejection(client.request(bad));
    expect(err).toBeInstanceOf(StashApiError);
    expect(err).toMatchObject({ status: 422, retryable: false, operation: 'FindBroken' });
    expect((err as StashApiError).graphQLErrors[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(client.requestCount()).toBe(1);
  });

  it("resolver errors (HTTP 200 + errors[]) with Stash's message", async () => {
    const { client } = await setup();
    const err = await rejection(client.request(SetFilePhashDocument, { fileId: '1', phash: '0xZZ' }));
    expect(err).toMatchObject({ status: 200, retryable: false, operation: 'SetFilePhash' });
    expect(err.message).toContain('converting phash 0xZZ: strconv.ParseUint: parsing "0xZZ": invalid syntax');
    expect(client.requestCount()).toBe(1);
  });

  it('a refused API key (HTTP 401): readable, and the key is never printed', async () => {
    const wrong = `${KEY}-revoked`;
    const { client, logger } = await setup({}, { apiKey: wrong });
    const err = await rejection(getVersion(client));
    expect(err).toBeInstanceOf(StashAuthError);
    expect(err.message).toContain('Stash refused the API key (HTTP 401)');
    expect(err.message).not.toContain(wrong);
    expect(err.message).not.toContain(KEY);
    expect(client.requestCount()).toBe(1);
    logger.warn(`debugging with ${wrong}`);
    expect(JSON.stringify(logger.entries)).not.toContain(wrong);
  });

  it('no credentials, and sessions', async () => {
    const { standin } = await setup({ sessions: ['plugin-session-cookie'] });
    const logger = createMemoryLogger();
    const anonymous = createStashClient({ url: standin.url, logger, retries: 3 });
    const session = createStashClient({ url: standin.url, sessionCookie: 'plugin-session-cookie', logger });
    const stale = createStashClient({ url: standin.url, sessionCookie: 'expired-session-cookie', logger });
    open.push(anonymous, session, stale);
    expect((await rejection(getVersion(anonymous))).message).toContain('requires authentication');
    expect((await getVersion(session)).version.version).toBe('v0.30.1');
    const err = await rejection(getVersion(stale));
    expect(err.message).toContain('Stash refused the session (HTTP 401)');
    expect(err.message).not.toContain('expired-session-cookie');
  });
});

describe('request counting', () => {
  it('one HTTP request per batch operation', async () => {
    const { standin, client } = await setup();
    const ids = Array.from({ length: 50 }, (_, i) => String(i + 1));
    const tag = standin.addTag({ name: 'claim' });
    await addSceneTags(client, ids, [String(tag.id)]);
    expect(client.requestCount()).toBe(1);
    const rows = await findScenesByIds(client, ids);
    expect(rows.every((r) => r.tags.some((t) => t.id === String(tag.id)))).toBe(true);
    expect(client.requestCount()).toBe(2);
    expect(standin.requests.map((r) => r.operationName)).toEqual(['AddSceneTags', 'FindScenesByIds']);
  });
});
