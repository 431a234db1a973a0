// Runs once before all test files: builds the reference corpus (a few minutes the first time on a
// machine, then cached) and hands its location to the tests through vitest's provide/inject. Under
// CI=true anything the suites need that is missing fails the run here instead of skipping them.
import type { TestProject } from 'vitest/node';
import { IN_CI, missingPrerequisites } from './helpers/ci-requirements.js';
import { ensureCorpus, type CorpusStatus } from './helpers/corpus.js';

declare module 'vitest' {
  export interface ProvidedContext {
    corpus: CorpusStatus;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  const corpus = await ensureCorpus();
  const missing = missingPrerequisites(corpus);
  if (IN_CI && missing.length > 0) {
    throw new Error(
      `CI=true, and suites would skip because these are missing:\n  - ${missing.join('\n  - ')}`,
    );
  }
  if (missing.length > 0)
    console.log(`not here, so the suites that need them skip:\n  - ${missing.join('\n  - ')}`);
  project.provide('corpus', corpus);
  const took = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    corpus.dir
      ? `corpus: ${corpus.verified.length} verified files in ${corpus.dir} (${took} s)`
      : `corpus unavailable: ${corpus.reason}`,
  );
}
