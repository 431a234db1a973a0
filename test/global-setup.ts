// Runs once before all test files: builds the reference corpus (a few minutes the first time on a
// machine, then cached) and hands its location to the tests through vitest's provide/inject.
import type { TestProject } from 'vitest/node';
import { ensureCorpus, type CorpusStatus } from './helpers/corpus.js';

declare module 'vitest' {
  export interface ProvidedContext {
    corpus: CorpusStatus;
  }
}

export default async function setup(project: TestProject): Promise<void> {
  const started = Date.now();
  const corpus = await ensureCorpus();
  project.provide('corpus', corpus);
  const took = ((Date.now() - started) / 1000).toFixed(1);
  console.log(
    corpus.dir
      ? `corpus: ${corpus.verified.length} verified files in ${corpus.dir} (${took} s)`
      : `corpus unavailable: ${corpus.reason}`,
  );
}
