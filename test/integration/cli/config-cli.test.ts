// `phashvaapi config` as a user runs it: layers and sources, --json, secrets never printed,
// config errors with exit code 2. The environment is replaced, not extended, so a developer's own
// PHASHVAAPI_* variables cannot leak into the assertions.
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';

const API_KEY = 'eyJhbGciOiJIUzI1NiJ9.secret-api-key';
const COOKIE = 'session=MTcwMDAwMDAwMHxsZWFrZWQ';

async function configCli(args: string[], env: Record<string, string> = {}) {
  const home = await mkdtemp(join(tmpdir(), 'phashvaapi-home-'));
  return runCli(['config', ...args], {
    extendEnv: false,
    env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
  });
}

describe('phashvaapi config', () => {
  it('prints each value with its source: flag > env > file > default', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cfg-'));
    const file = join(dir, 'phashvaapi.yml');
    await writeFile(
      file,
      [
        'stashUrl: http://stash.lan:9999/graphql',
        'batchSize: 10',
        'retries: 1',
        'pathMap:',
        '  - /data=/mnt/nas',
        '',
      ].join('\n'),
    );
    const r = await configCli(['--retries', '3'], { PHASHVAAPI_CONFIG: file, PHASHVAAPI_BATCH_SIZE: '15' });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`config file: ${file}\n`);
    expect(r.stdout).toMatch(/^stashUrl +http:\/\/stash\.lan:9999 +file:.*phashvaapi\.yml$/m);
    expect(r.stdout).toMatch(/^batchSize +15 +env:PHASHVAAPI_BATCH_SIZE$/m);
    expect(r.stdout).toMatch(/^retries +3 +flag:--retries$/m);
    expect(r.stdout).toMatch(/^pathMap +\/data=\/mnt\/nas +file:/m);
    expect(r.stdout).toMatch(/^steps +phash +default$/m);
  });

  it('never prints the API key or session cookie, in text or JSON', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cfg-'));
    const file = join(dir, 'c.yml');
    await writeFile(file, 'sessionCookie: ${STASH_COOKIE}\n');
    const env = { PHASHVAAPI_API_KEY: API_KEY, STASH_COOKIE: COOKIE };
    for (const extra of [[], ['--json']]) {
      const r = await configCli(['--config', file, ...extra], env);
      expect(r.exitCode).toBe(0);
      for (const secret of [API_KEY, COOKIE]) {
        expect(r.stdout).not.toContain(secret);
        expect(r.stderr).not.toContain(secret);
      }
      expect(r.stdout).toContain('***');
    }
    const json = await configCli(['--config', file, '--json'], env);
    expect(JSON.parse(json.stdout)).toMatchObject({
      file,
      config: { apiKey: '***', sessionCookie: '***' },
      sources: { apiKey: 'env:PHASHVAAPI_API_KEY', sessionCookie: `file:${file}`, json: 'flag:--json' },
    });
  });

  it('keeps a secret out of its own error message', async () => {
    const r = await configCli(['--api-key', ' '], {});
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/`apiKey` \(flag --api-key\) to be a non-empty string, got `\*\*\*`/);
  });

  it('exits 2 naming the option, the layer and the value', async () => {
    const r = await configCli([], { PHASHVAAPI_STEPS: 'phash,thumbnails' });
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('Expected `steps` (env PHASHVAAPI_STEPS) to be a non-empty list of `phash`');
    expect(r.stderr).toContain('but `thumbnails` is not one of them');
  });

  it('exits 2 on an unknown key in the file, naming the file, line and the near miss', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cfg-'));
    const file = join(dir, 'c.yml');
    await writeFile(file, 'batchSize: 5\nconcurency: 4\n');
    const r = await configCli(['--config', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain(
      `Config file ${file}:\n  line 2: unknown option \`concurency\`; did you mean \`concurrency\`?`,
    );
  });

  it('exits 2 when ${VAR} in the file is not set', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cfg-'));
    const file = join(dir, 'c.yml');
    await writeFile(file, 'apiKey: ${STASH_API_KEY}\n');
    const r = await configCli(['--config', file]);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toContain('STASH_API_KEY is not set');
  });
});
