#!/usr/bin/env node
// Entry point of the `phashvaapi` command.
import { createProcessDeps } from './cli/deps.js';
import { main } from './cli/main.js';

main(process.argv.slice(2), createProcessDeps()).then(
  (code) => (process.exitCode = code),
  (error: unknown) => {
    process.stderr.write(
      `phashvaapi: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`,
    );
    process.exitCode = 1;
  },
);
