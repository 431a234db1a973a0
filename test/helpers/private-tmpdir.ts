// Gives a test file its own os.tmpdir(), so checks for leftover temp folders see only this file's
// (other test files run previews in parallel and their temp folders are theirs to clean).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll } from 'vitest';

// Points TMPDIR at a fresh folder for the rest of this test file; restores it afterwards.
export function usePrivateTmpdir(): string {
  const previous = process.env.TMPDIR;
  const dir = mkdtempSync(join(tmpdir(), 'phashvaapi-test-tmp-'));
  process.env.TMPDIR = dir;
  afterAll(() => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
  });
  return dir;
}
