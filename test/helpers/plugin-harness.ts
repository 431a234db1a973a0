// Runs the built plugin the way Stash does: `python3 <pluginDir>/phashvaapi_plugin.py` with the
// task JSON on stdin, captured from a real Stash (shared fixtures) and pointed at the stand-in.
import { execa, type ResultPromise } from 'execa';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from './shared.js';

export const PLUGIN_COOKIE = 'MTcwMDAwMDAwMHxwbHVnaW4tc2Vzc2lvbnw=';
export const HAS_PYTHON =
  existsSync('/usr/bin/python3') ||
  Boolean(process.env.PATH?.split(':').some((d) => existsSync(join(d, 'python3'))));
export const FIXTURES = join(SHARED_DIR, 'fixtures');
export const HAS_PLUGIN_FIXTURES = existsSync(join(FIXTURES, 'stash-plugin-input-task.json'));
export const NO_PLUGIN_FIXTURES_REASON = `skipped: Stash's captured plugin input not found in ${FIXTURES} (set PHASHVAAPI_SHARED_DIR)`;

// The captured task (or hook) input, aimed at `baseUrl` with our cookie and plugin folder.
export function pluginInput(
  kind: 'task' | 'hook',
  baseUrl: string,
  pluginDir: string,
  stashDir: string,
  args?: Record<string, unknown>,
): string {
  const input = JSON.parse(readFileSync(join(FIXTURES, `stash-plugin-input-${kind}.json`), 'utf8')) as {
    server_connection: Record<string, unknown> & { SessionCookie: Record<string, unknown> };
    args: Record<string, unknown>;
  };
  const url = new URL(baseUrl);
  Object.assign(input.server_connection, {
    Host: url.hostname,
    Port: Number(url.port),
    Dir: stashDir,
    PluginDir: pluginDir,
  });
  input.server_connection.SessionCookie.Value = PLUGIN_COOKIE;
  if (args) input.args = { ...input.args, ...args };
  return JSON.stringify(input);
}

export interface PluginRun {
  stdout: string;
  stderr: string;
  exitCode: number | undefined;
}

// Starts the plugin process; await it for the result.
export function startPlugin(
  pluginDir: string,
  input: string,
  env: NodeJS.ProcessEnv,
): ResultPromise<{ reject: false }> {
  return execa('python3', [join(pluginDir, 'phashvaapi_plugin.py')], {
    input,
    env,
    extendEnv: false,
    reject: false,
    cwd: pluginDir,
  }) as ResultPromise<{ reject: false }>;
}

export interface StashLog {
  /** Every stderr line had a valid \x01<level>\x02 prefix. */
  malformed: string[];
  progress: number[];
  lines: { level: string; text: string }[];
}

// Splits stderr the way Stash's plugin logger does (pkg/logger/plugin.go).
export function parseStashLog(stderr: string): StashLog {
  const log: StashLog = { malformed: [], progress: [], lines: [] };
  for (const line of stderr.split('\n').filter((l) => l !== '')) {
    // eslint-disable-next-line no-control-regex -- SOH/STX are the protocol's delimiters
    const m = /^\x01([tdiwep])\x02(.*)$/.exec(line);
    if (!m) {
      log.malformed.push(line);
      continue;
    }
    if (m[1] === 'p') log.progress.push(Number.parseFloat(m[2]!));
    else log.lines.push({ level: m[1]!, text: m[2]!.trim() });
  }
  return log;
}

// The one {output, error} object on stdout.
export function parseOutput(stdout: string): { output: unknown; error: string | null } {
  const lines = stdout.trim().split('\n');
  if (lines.length !== 1) throw new Error(`expected one line on stdout, got ${lines.length}: ${stdout}`);
  const value = JSON.parse(lines[0]!) as { output: unknown; error: string | null };
  if (!('output' in value) || !('error' in value)) throw new Error(`not a plugin output: ${stdout}`);
  return value;
}
