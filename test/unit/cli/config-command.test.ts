import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { createConfigCommand } from '../../../service/cli/commands/config.js';
import type { CliDeps } from '../../../service/cli/deps.js';

const SECRET = 'sk-do-not-print-7f3a';

async function runConfig(args: string[], env: NodeJS.ProcessEnv = {}) {
  const out = { stdout: '', stderr: '', exitCode: 0 };
  const deps: CliDeps = {
    run: () => Promise.reject(new Error('no processes in this test')),
    stdout: (text) => (out.stdout += text),
    stderr: (text) => (out.stderr += text),
    setExitCode: (code) => (out.exitCode = code),
    env: { HOME: await mkdtemp(join(tmpdir(), 'phashvaapi-home-')), ...env },
    isTTY: false,
  };
  await yargs()
    .command(createConfigCommand(deps))
    .strict()
    .exitProcess(false)
    .parseAsync(['config', ...args]);
  return out;
}

describe('phashvaapi config (in process)', () => {
  it('prints every option with its value and source, secrets redacted', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cfg-'));
    const file = join(dir, 'c.yml');
    await writeFile(file, 'batchSize: 5\nsessionCookie: ${COOKIE}\n');
    const r = await runConfig(['--config', file, '--retries', '9'], {
      PHASHVAAPI_API_KEY: SECRET,
      COOKIE: `${SECRET}-cookie`,
      PHASHVAAPI_HWACCEL: 'vaapi',
    });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain(`config file: ${file}\n`);
    expect(r.stdout).toMatch(/^batchSize +5 +file:.*c\.yml$/m);
    expect(r.stdout).toMatch(/^retries +9 +flag:--retries$/m);
    expect(r.stdout).toMatch(/^hwaccel +vaapi +env:PHASHVAAPI_HWACCEL$/m);
    expect(r.stdout).toMatch(/^apiKey +\*\*\* +env:PHASHVAAPI_API_KEY$/m);
    expect(r.stdout).toMatch(/^sessionCookie +\*\*\* +file:/m);
    expect(r.stdout).toMatch(/^generatedDir +\(unset\) +default$/m);
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('--json prints {file, config, sources}', async () => {
    const r = await runConfig(['--json'], { PHASHVAAPI_API_KEY: SECRET, PHASHVAAPI_STEPS: 'cover,phash' });
    const parsed = JSON.parse(r.stdout) as Record<string, Record<string, unknown>>;
    expect(parsed.file).toBeNull();
    expect(parsed.config).toMatchObject({ apiKey: '***', steps: ['phash', 'cover'], json: true });
    expect(parsed.sources).toMatchObject({ json: 'flag:--json', steps: 'env:PHASHVAAPI_STEPS' });
    expect(r.stdout + r.stderr).not.toContain(SECRET);
  });

  it('reports a bad value on stderr with exit code 2', async () => {
    const r = await runConfig(['--path-map', '/data'], {});
    expect(r.exitCode).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toBe(
      'phashvaapi: Expected `pathMap` (flag --path-map) to be a list of `STASH_PREFIX=LOCAL_PREFIX`, but `/data` has no `=`\n',
    );
  });
});
