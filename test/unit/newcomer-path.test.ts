// The newcomer path: on a fresh clone the README's quick start works in its order with nothing
// run first, and CI runs exactly those commands first. The generated GraphQL client is git-ignored,
// so every script that loads code importing it must make it itself.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../helpers/shared.js';

const read = (path: string) => readFileSync(join(REPO_ROOT, path), 'utf8');

// The commands of the README's first shell block after "## Quick start", comments removed.
function quickStartCommands(): string[] {
  const section = read('README.md').split('## Quick start')[1] ?? '';
  const block = /```sh\n([\s\S]*?)```/.exec(section)?.[1] ?? '';
  return block
    .split('\n')
    .map((l) => l.replace(/#.*$/, '').trim())
    .filter(Boolean);
}

describe('the newcomer path', () => {
  it('the README quick start is npm ci, npm run demo, npm test', () => {
    expect(quickStartCommands()).toEqual(['npm ci', 'npm run demo', 'npm test']);
  });

  it('.ci/run runs the quick start exactly, in order, before any other npm step', () => {
    const npmLines = read('.ci/run')
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => /^npm\s/.test(l));
    const quick = quickStartCommands();
    expect(quick.length).toBeGreaterThan(0);
    expect(npmLines.slice(0, quick.length)).toEqual(quick);
  });

  it('every script that loads the service, the plugin or the tests makes the generated client first', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    const needy = Object.entries(scripts).filter(([, cmd]) =>
      /\btsx (service|plugin)\/|\bvitest\b|\btsc\b|\btsx test\/bench\//.test(cmd),
    );
    expect(needy.map(([name]) => name)).toEqual(
      expect.arrayContaining(['demo', 'phashvaapi', 'package-plugin', 'test', 'test:unit', 'bench']),
    );
    for (const [name, cmd] of needy) {
      const first = cmd.search(/\btsx\b|\bvitest\b|\btsc\b/);
      const makes = cmd.search(/\bcodegen\b|npm run build\b/);
      expect(makes, `${name}: ${cmd}`).toBeGreaterThanOrEqual(0);
      expect(makes, `${name}: ${cmd}`).toBeLessThan(first);
    }
  });
});
