// `npm run package-plugin`: the plugin folder, a zip with the folder's contents at its root, and a
// Stash plugin-source index.yml whose sha256 is the zip's (Stash refuses to install otherwise).
import { execa } from 'execa';
import { createHash } from 'node:crypto';
import { mkdtemp, readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { HAS_PYTHON } from '../../helpers/plugin-harness.js';
import { REPO_ROOT } from '../../helpers/shared.js';

async function zipEntries(zip: string): Promise<Record<string, string>> {
  // Python's zipfile reads it independently of the library that wrote it.
  const script =
    'import json,sys,zipfile\nz=zipfile.ZipFile(sys.argv[1])\nprint(json.dumps({i.filename: z.read(i).decode("utf8","replace") for i in z.infolist()}))';
  const { stdout } = await execa('python3', ['-c', script, zip]);
  return JSON.parse(stdout) as Record<string, string>;
}

describe.skipIf(!HAS_PYTHON)('npm run package-plugin', () => {
  it('builds the folder, the zip and an index.yml Stash accepts', async () => {
    const out = await mkdtemp(join(tmpdir(), 'phashvaapi-package-'));
    const r = await execa('npm', ['run', '--silent', 'package-plugin', '--', out], {
      cwd: REPO_ROOT,
      reject: false,
    });
    expect(r.exitCode, r.stderr).toBe(0);

    const index = parse(await readFile(join(out, 'index.yml'), 'utf8')) as Record<string, unknown>[];
    const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect(index).toHaveLength(1);
    const entry = index[0]!;
    expect(Object.keys(entry).sort()).toEqual([
      'date',
      'id',
      'metadata',
      'name',
      'path',
      'sha256',
      'version',
    ]);
    expect(entry).toMatchObject({ id: 'phashvaapi', name: 'phashvaapi', path: 'phashvaapi.zip' });
    expect(String(entry.version)).toMatch(
      new RegExp(`^${pkg.version.replaceAll('.', '\\.')}(-[0-9a-f]{7})?$`),
    );
    expect(String(entry.date)).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/);
    const zip = await readFile(join(out, 'phashvaapi.zip'));
    expect(entry.sha256).toBe(createHash('sha256').update(zip).digest('hex'));

    const files = await zipEntries(join(out, 'phashvaapi.zip'));
    expect(Object.keys(files).sort()).toEqual([
      'README.md',
      'phashvaapi.mjs',
      'phashvaapi.yml',
      'phashvaapi_plugin.py',
    ]);
    expect(files['phashvaapi.yml']).toBe(await readFile(join(REPO_ROOT, 'plugin/phashvaapi.yml'), 'utf8'));
    expect(await readFile(join(out, 'phashvaapi', 'phashvaapi.yml'), 'utf8')).toBe(files['phashvaapi.yml']);

    // The same sources give the same zip.
    const again = await mkdtemp(join(tmpdir(), 'phashvaapi-package-'));
    await execa('npm', ['run', '--silent', 'package-plugin', '--', again], { cwd: REPO_ROOT });
    expect(
      createHash('sha256')
        .update(await readFile(join(again, 'phashvaapi.zip')))
        .digest('hex'),
    ).toBe(entry.sha256);
  }, 60_000);
});
