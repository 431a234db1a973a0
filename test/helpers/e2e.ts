// Shared pieces of the end-to-end tests (test/e2e/): a library of tiny synthesized videos, the flags
// every `phashvaapi` run against a real Stash needs, and bounded polling.
import { mkdir, mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runCli, type CliResult } from './cli.js';
import { synthVideo, type RealStash } from './real-stash.js';
import { cleanEnv } from './worker-harness.js';

export interface E2eDirs {
  root: string;
  media: string;
  /** The CLI's HOME and error log live here, never in the developer's own. */
  work: string;
}

export async function e2eDirs(): Promise<E2eDirs> {
  const root = await mkdtemp(join(tmpdir(), 'phashvaapi-e2e-'));
  const media = join(root, 'media');
  const work = join(root, 'work');
  await mkdir(media);
  await mkdir(work);
  return { root, media, work };
}

// Synthesizes `names` into `dir`, each with its own picture (seed = index + seedBase).
export async function synthLibrary(
  dir: string,
  names: string[],
  options: { seconds?: number; seedBase?: number } = {},
): Promise<string[]> {
  const paths = names.map((name) => join(dir, name));
  for (const [i, path] of paths.entries())
    await synthVideo(path, { seconds: options.seconds ?? 3, seed: i + (options.seedBase ?? 1) });
  return paths;
}

// Flags for a worker against `stash`: its URL (and API key if set), a private error log.
export function stashArgs(stash: RealStash, dirs: E2eDirs): string[] {
  const args = ['--stash-url', stash.url, '--error-log', join(dirs.work, 'errors.log')];
  if (stash.headers.ApiKey) args.push('--api-key', stash.headers.ApiKey);
  return args;
}

export function e2eEnv(dirs: E2eDirs): NodeJS.ProcessEnv {
  return { ...cleanEnv(), HOME: dirs.work };
}

// `phashvaapi ...args` in a clean environment.
export async function e2eCli(args: string[], dirs: E2eDirs): Promise<CliResult> {
  return runCli(args, { env: e2eEnv(dirs), extendEnv: false });
}

// The JSON result object a `run --json` printed on stdout (its last JSON line).
export function runResult(stdout: string): RunResult {
  const lines = stdout
    .trim()
    .split('\n')
    .filter((l) => l.startsWith('{'));
  if (lines.length === 0) throw new Error(`no JSON result on stdout: ${stdout.slice(0, 500)}`);
  return JSON.parse(lines[lines.length - 1]!) as RunResult;
}

export interface RunResult {
  worker: string;
  summary: { scenes: { done: number; failed: number; skipped: number } };
  batches: {
    outcomes: {
      sceneId: string;
      status: string;
      failure: { kind: string; step: string } | null;
      steps: { step: string; outcome: string }[];
    }[];
  }[];
}

// Scene ids a run's statistics say it finished.
export function doneScenes(result: RunResult): string[] {
  return result.batches.flatMap((b) => b.outcomes.filter((o) => o.status === 'done').map((o) => o.sceneId));
}

// `phashvaapi hash` of local files, by path: the reference for suites that are not about the hash
// itself (test/e2e/phash.test.ts proves it equal to Stash's own Generate on these videos).
export async function localPhashes(paths: string[], dirs: E2eDirs): Promise<Map<string, string | null>> {
  const result = await e2eCli(['hash', '--json', ...paths], dirs);
  if (result.exitCode !== 0) throw new Error(`phashvaapi hash failed: ${result.stderr}`);
  const lines = result.stdout
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as { file: string; phash: string });
  return new Map(lines.map((l) => [l.file, l.phash]));
}

// Polls `cond` until it holds; fails after `ms` with `what` (a bounded wait, not a timing assertion).
export async function waitFor(
  what: string,
  cond: () => Promise<boolean> | boolean,
  ms: number,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 250));
  }
}

// Tags whose names start with the claim prefix, and the scenes carrying any tag at all named so.
export async function claimTags(stash: RealStash): Promise<string[]> {
  const data = await stash.gql<{ findTags: { tags: { name: string }[] } }>(
    '{ findTags(filter: { per_page: -1 }) { tags { name } } }',
  );
  return data.findTags.tags.map((t) => t.name).filter((n) => n.startsWith('phashvaapi claim'));
}
