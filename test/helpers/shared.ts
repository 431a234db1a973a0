// Locates ../shared (reference vectors, fixtures, real Stash schemas). A user's clone has no
// ../shared: tests that need it skip and say why.
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
export const SHARED_DIR = process.env.PHASHVAAPI_SHARED_DIR ?? resolve(REPO_ROOT, '../shared');
export const HAS_SHARED = existsSync(join(SHARED_DIR, 'vectors', 'phash-corpus.json'));
export const NO_SHARED_REASON = `skipped: reference data not found at ${SHARED_DIR} (set PHASHVAAPI_SHARED_DIR)`;

export interface CorpusFile {
  recipe: string;
  file: string;
  sha256: string;
  expect: 'ok' | 'fail';
  duration: number | null;
  seeks?: string[];
  phash: string | null;
  frame_size?: [number, number];
}

export interface PhashCorpus {
  files: CorpusFile[];
  montages: {
    png: string;
    from_recipe: string;
    width: number;
    height: number;
    png_sha256: string;
    phash: string;
  }[];
}
