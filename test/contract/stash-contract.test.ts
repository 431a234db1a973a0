// The same contract scenarios (scenarios.ts) against the real Stash and the stand-in, both serving
// one folder of tiny videos and requiring an API key. A scenario that passes on the real Stash and
// fails on the stand-in is a stand-in bug: fix test/standin/ to match Stash.
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, it } from 'vitest';
import { synthLibrary } from '../helpers/e2e.js';
import { describeRealStash, removeRealStash, startRealStash, type RealStash } from '../helpers/real-stash.js';
import { startStandin, type Standin } from '../standin/server.js';
import { SCENARIOS, type ContractTarget } from './scenarios.js';

const LOGIN = { username: 'contract-user', password: 'contract-password' };
const VIDEOS = ['a-one.mp4', 'b-two.mp4', 'c-three.mp4', 'd-four.mp4', 'e-five.mp4'];

async function videoFolder(): Promise<string> {
  const root = await mkdtemp(join(tmpdir(), 'phashvaapi-contract-'));
  const media = join(root, 'media');
  await mkdir(media);
  await synthLibrary(media, VIDEOS, { seconds: 1, seedBase: 60 });
  return root;
}

async function gqlOver<T>(
  url: string,
  headers: Record<string, string>,
  query: string,
  variables?: unknown,
): Promise<T> {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: JSON.stringify({ query, variables }),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`HTTP ${response.status}: ${text.slice(0, 300)}`);
  const body = JSON.parse(text) as { data?: T; errors?: { message: string }[] };
  if (body.errors?.length) throw new Error(body.errors.map((e) => e.message).join('; '));
  return body.data as T;
}

function runScenarios(target: () => ContractTarget): void {
  for (const scenario of SCENARIOS) it(scenario.name, () => scenario.run(target()), 120_000);
}

describeRealStash('Stash contract: the real Stash', () => {
  let root: string;
  let stash: RealStash;
  let target: ContractTarget;

  beforeAll(async () => {
    root = await videoFolder();
    stash = await startRealStash([join(root, 'media')]);
    await stash.scan();
    const apiKey = await stash.enableApiKey(LOGIN.username, LOGIN.password);
    target = {
      baseUrl: stash.url,
      apiKey,
      login: LOGIN,
      gql: (query, variables) => gqlOver(`${stash.url}/graphql`, { ApiKey: apiKey }, query, variables),
    };
  }, 300_000);

  afterAll(async () => {
    if (stash) await removeRealStash(stash);
    if (root) await rm(root, { recursive: true, force: true });
  });

  runScenarios(() => target);
});

describe('Stash contract: the stand-in', () => {
  let root: string;
  let standin: Standin;
  let target: ContractTarget;

  beforeAll(async () => {
    root = await videoFolder();
    const apiKey = 'contract-api-key';
    standin = await startStandin({ videosDir: join(root, 'media'), apiKey, login: LOGIN });
    target = {
      baseUrl: standin.baseUrl,
      apiKey,
      login: LOGIN,
      gql: (query, variables) => gqlOver(standin.url, { ApiKey: apiKey }, query, variables),
    };
  }, 300_000);

  afterAll(async () => {
    await standin?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  runScenarios(() => target);
});
