// Access to the corpus built by the global setup, with a skip reason when it is unavailable.
import { join } from 'node:path';
import { inject } from 'vitest';
import { loadCorpusJson } from './corpus.js';
import type { CorpusFile } from './shared.js';

export function corpusContext(): {
  available: boolean;
  reason: string;
  files: CorpusFile[];
  pathOf: (file: string) => string;
} {
  const status = inject('corpus');
  if (!status.dir)
    return { available: false, reason: `skipped: ${status.reason}`, files: [], pathOf: (f) => f };
  const dir = status.dir;
  const files = loadCorpusJson().files.filter((f) => status.verified.includes(f.file));
  return { available: true, reason: '', files, pathOf: (f) => join(dir, f) };
}
