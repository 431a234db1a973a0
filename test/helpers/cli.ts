// Runs the real `phashvaapi` CLI in a child process (TypeScript through tsx, no build needed).
import { execa, type Options } from 'execa';
import { join } from 'node:path';
import { REPO_ROOT } from './shared.js';

export const CLI_ENTRY = join(REPO_ROOT, 'service', 'bin.ts');

export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

// `phashvaapi ...args`; never rejects: look at exitCode.
export async function runCli(args: string[], options: Options = {}): Promise<CliResult> {
  const result = await execa('node', ['--import', 'tsx', CLI_ENTRY, ...args], {
    cwd: REPO_ROOT,
    reject: false,
    stdin: 'ignore',
    ...options,
  });
  return { exitCode: result.exitCode ?? -1, stdout: String(result.stdout), stderr: String(result.stderr) };
}

// The command line to start the CLI as a separate process (workers in multi-process tests).
export function cliCommand(args: string[]): [string, string[]] {
  return ['node', ['--import', 'tsx', CLI_ENTRY, ...args]];
}
