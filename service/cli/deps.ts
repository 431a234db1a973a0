// What CLI commands need from the outside world, injected so tests can run commands in-process.
import type { PipeRunner, ProcessRunner } from '../../src/media/run-process.js';
import { runPipe, runProcess } from '../../src/media/run-process.js';

export interface CliDeps {
  run: ProcessRunner;
  /** Enables the stretch frame path (src/media/stretch/); absent in tests with fake runners. */
  runPipe?: PipeRunner | undefined;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  setExitCode: (code: number) => void;
  env: NodeJS.ProcessEnv;
  /** Whether stderr is a terminal (pretty logs and a progress bar). */
  isTTY: boolean;
  signal?: AbortSignal | undefined;
}

// The real process's streams, environment and runner.
export function createProcessDeps(signal?: AbortSignal): CliDeps {
  return {
    run: runProcess,
    runPipe,
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
    setExitCode: (code) => (process.exitCode = code),
    env: process.env,
    isTTY: Boolean(process.stderr.isTTY),
    signal,
  };
}
