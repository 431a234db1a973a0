// The Python launcher's own helpers, run by python3 itself: Stash's address from the Go-named
// connection, the log and progress protocol, and the {output, error} line.
import { execa } from 'execa';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { HAS_PYTHON } from '../../helpers/plugin-harness.js';
import { REPO_ROOT } from '../../helpers/shared.js';

async function python(
  code: string,
): Promise<{ stdout: string; stderr: string; exitCode: number | undefined }> {
  const r = await execa(
    'python3',
    [
      '-c',
      `import sys; sys.path.insert(0, ${JSON.stringify(join(REPO_ROOT, 'plugin'))})\nimport phashvaapi_plugin as p\n${code}`,
    ],
    {
      reject: false,
      env: { PYTHONDONTWRITEBYTECODE: '1' },
      stripFinalNewline: false,
    },
  );
  return { stdout: String(r.stdout), stderr: String(r.stderr), exitCode: r.exitCode };
}

describe.skipIf(!HAS_PYTHON)('phashvaapi_plugin.py', () => {
  it('reaches Stash on localhost when it binds every address, and brackets IPv6', async () => {
    const r = await python(
      [
        "print(p.stash_url({'Scheme': 'http', 'Host': '0.0.0.0', 'Port': 9999}))",
        "print(p.stash_url({'Scheme': 'https', 'Host': '::', 'Port': 443}))",
        "print(p.stash_url({'Scheme': 'http', 'Host': 'fd00::5', 'Port': 9999}))",
        "print(p.stash_url({'Host': '192.168.1.2', 'Port': 9999}))",
      ].join('\n'),
    );
    expect(r.stdout.trim().split('\n')).toEqual([
      'http://localhost:9999',
      'https://localhost:443',
      'http://[fd00::5]:9999',
      'http://192.168.1.2:9999',
    ]);
  });

  it("writes Stash's log prefixes per line, clamped progress and one output line", async () => {
    const r = await python(
      "p.log('warn', 'a\\nb'); p.log('info', 'c'); p.progress(1.7); p.progress(-1); p.finish(output='done')",
    );
    expect(r.stderr).toBe('\x01w\x02a\n\x01w\x02b\n\x01i\x02c\n\x01p\x021.0000\n\x01p\x020.0000\n');
    expect(r.stdout).toBe('{"output": "done", "error": null}\n');
    expect(r.exitCode).toBe(0);
  });
});
