// End to end on a real Stash with credentials: a real API key (username/password, /login,
// generateAPIKey) works with --api-key; a wrong or missing key stops the CLI with a clear message
// and a non-zero exit, having written nothing.
import { rm } from 'node:fs/promises';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { e2eCli, e2eDirs, stashArgs, synthLibrary, type E2eDirs } from '../helpers/e2e.js';
import { describeRealStash, removeRealStash, startRealStash, type RealStash } from '../helpers/real-stash.js';

describeRealStash('e2e: API key on a real Stash', () => {
  let dirs: E2eDirs;
  let stash: RealStash;
  let key: string;

  beforeAll(async () => {
    dirs = await e2eDirs();
    await synthLibrary(dirs.media, ['one.mp4', 'two.mp4'], { seconds: 2 });
    stash = await startRealStash([dirs.media]);
    await stash.scan();
    key = await stash.enableApiKey('e2e-user', 'e2e-password');
  }, 300_000);

  afterAll(async () => {
    if (stash) await removeRealStash(stash);
    if (dirs) await rm(dirs.root, { recursive: true, force: true });
  });

  it('answers 401 without the key: the credentials are really in force', async () => {
    const response = await fetch(`${stash.url}/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ systemStatus { status } }' }),
    });
    expect(response.status).toBe(401);
  });

  for (const [name, keyArgs] of [
    ['a missing key', []],
    ['a wrong key', ['--api-key', 'not-the-key']],
  ] as const) {
    it(`${name}: a clear error and a non-zero exit, nothing written`, async () => {
      const args = ['--stash-url', stash.url, '--error-log', `${dirs.work}/errors.log`, ...keyArgs];
      for (const command of [['run', '--once'], ['check']]) {
        const result = await e2eCli([...command, ...args], dirs);
        expect(result.exitCode, `${command.join(' ')}: ${result.stderr}`).not.toBe(0);
        // `check` reports on stdout, `run` on stderr.
        const output = result.stdout + result.stderr;
        expect(output, command.join(' ')).toMatch(/401/);
        expect(output, command.join(' ')).toMatch(/API key/);
        expect(output, command.join(' ')).not.toContain('not-the-key');
      }
      expect([...(await stash.phashes()).values()]).toEqual([null, null]);
    }, 120_000);
  }

  it('the real key works: run --once hashes the library', async () => {
    const result = await e2eCli(['run', '--once', ...stashArgs(stash, dirs)], dirs);
    expect(result.exitCode, result.stderr).toBe(0);
    expect(result.stderr).not.toContain(key);
    expect(result.stdout).not.toContain(key);
    for (const phash of (await stash.phashes()).values()) expect(phash).toMatch(/^[0-9a-f]{1,16}$/);
  }, 120_000);
});
