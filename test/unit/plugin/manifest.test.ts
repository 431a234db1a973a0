// plugin/phashvaapi.yml loads in Stash: only keys Stash's manifest struct has (an unknown key makes
// the plugin vanish), valid enum values, string args, and every task names a mode the entry knows.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { PLUGIN_MODES } from '../../../plugin/lib/protocol.js';
import { checkStashManifest } from '../../helpers/stash-manifest.js';
import { REPO_ROOT } from '../../helpers/shared.js';

const text = readFileSync(join(REPO_ROOT, 'plugin/phashvaapi.yml'), 'utf8');

interface Manifest {
  version: string;
  exec: string[];
  interface: string;
  tasks: { name: string; defaultArgs: { mode: string } }[];
  hooks: { triggeredBy: string[]; defaultArgs: { mode: string } }[];
  settings: Record<string, { type: string }>;
}

describe('plugin manifest', () => {
  it("has only keys and values Stash's strict decoder accepts", () => {
    expect(checkStashManifest(text)).toEqual([]);
  });

  it('the check is strict: unknown, misplaced or duplicate keys and bad values are refused', () => {
    expect(checkStashManifest(`${text}\nentry: x\n`)).toEqual(['manifest.entry: unknown key']);
    expect(checkStashManifest(text.replace('    type: BOOLEAN', '    type: BOOL'))).toEqual([
      'manifest.settings.hashNewScenes.type: not one of STRING, NUMBER, BOOLEAN',
    ]);
    expect(checkStashManifest(text.replace('      - Scene.Create.Post', '      - Scene.Created'))[0]).toMatch(
      /triggeredBy\[0\]: not one of/,
    );
    expect(checkStashManifest(text.replace('      mode: run', '      mode: run\n    hidden: true'))).toEqual([
      'manifest.tasks[0].hidden: unknown key',
    ]);
    expect(checkStashManifest(`${text}\nname: again\n`)[0]).toMatch(/unique/i);
    // YAML 1.1, as yaml.v2 reads it: `on` is a boolean, not a string key.
    expect(checkStashManifest(`${text}\nsettings2: 1\non: 2\n`)).toContain(
      'manifest: key true is not a string (YAML 1.1)',
    );
  });

  it('runs the Python launcher, which exists, and every task and hook has a mode the entry handles', () => {
    const m = parse(text, { version: '1.1' }) as Manifest;
    expect(m.interface).toBe('raw');
    expect(m.exec).toEqual(['python3', '{pluginDir}/phashvaapi_plugin.py']);
    expect(existsSync(join(REPO_ROOT, 'plugin/phashvaapi_plugin.py'))).toBe(true);
    for (const op of [...m.tasks, ...m.hooks]) expect(PLUGIN_MODES).toContain(op.defaultArgs.mode);
    expect(m.tasks.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        'Hash scenes now (one batch)',
        'Dry-run audit',
        'Service status',
        'Verify phashes (sample)',
      ]),
    );
    expect(m.hooks).toEqual([
      expect.objectContaining({ triggeredBy: ['Scene.Create.Post'], defaultArgs: { mode: 'hook' } }),
    ]);
    expect(Object.keys(m.settings).sort()).toEqual([
      'accessToken',
      'batchSize',
      'hashNewScenes',
      'serviceUrl',
      'steps',
      'verifySample',
    ]);
  });

  it('carries the package version', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { version: string };
    expect((parse(text) as Manifest).version).toBe(pkg.version);
  });
});
