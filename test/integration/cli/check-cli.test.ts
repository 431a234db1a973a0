// `phashvaapi check` finds what would break a run, before the run, and writes nothing.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startStandin, type Standin } from '../../standin/server.js';
import { runCli } from '../../helpers/cli.js';
import { cleanEnv } from '../../helpers/worker-harness.js';

describe('phashvaapi check', () => {
  let standin: Standin;
  afterAll(async () => standin?.close());

  it('passes when everything is usable and fails naming the broken mapping otherwise', async () => {
    const media = await mkdtemp(join(tmpdir(), 'phashvaapi-check-'));
    await writeFile(join(media, 'a.mp4'), 'x');
    standin = await startStandin({
      apiKey: 'k-123456',
      scenes: [{ files: [{ path: '/stash/media/a.mp4', duration: 5 }] }],
    });
    const env = { ...cleanEnv(), HOME: media };
    const base = ['check', '--stash-url', standin.baseUrl, '--api-key', 'k-123456'];
    const before = standin.snapshot();

    const good = await runCli([...base, '--path-map', `/stash/media=${media}`], { env, extendEnv: false });
    expect(good.exitCode, good.stdout + good.stderr).toBe(0);
    expect(good.stdout).toMatch(/ok\s+Stash\s+.*v0\.30\.1/);
    expect(good.stdout).toMatch(
      /ok\s+path mappings\s+1 mapping\(s\); sample \/stash\/media\/a\.mp4 -> .*a\.mp4 is readable/,
    );

    const unmapped = await runCli(base, { env, extendEnv: false });
    expect(unmapped.exitCode).toBe(1);
    expect(unmapped.stdout).toMatch(
      /FAIL\s+path mappings\s+Stash's \/stash\/media\/a\.mp4 maps to .* not readable here/,
    );

    const badKey = await runCli(['check', '--stash-url', standin.baseUrl, '--api-key', 'nope-nope'], {
      env,
      extendEnv: false,
    });
    expect(badKey.exitCode).toBe(1);
    expect(badKey.stdout).toMatch(/FAIL\s+Stash\s+Stash refused the API key/);
    expect(standin.snapshot()).toBe(before);
  }, 180_000); // three CLI runs, each re-hashing the phash parity sample
});
