// Synthesizes the reference corpus (../shared/vectors/make-corpus.sh) once per machine into a cache
// folder and checks every file's sha256 against phash-corpus.json; only matching files are used.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { HAS_SHARED, SHARED_DIR, type PhashCorpus } from './shared.js';

const exec = promisify(execFile);

export interface CorpusStatus {
  dir: string | null;
  /** Why the corpus is unavailable, for skip messages. */
  reason: string | null;
  /** Files whose sha256 matched the reference (the expected values apply to them). */
  verified: string[];
}

export function loadCorpusJson(): PhashCorpus {
  return JSON.parse(readFileSync(join(SHARED_DIR, 'vectors', 'phash-corpus.json'), 'utf8')) as PhashCorpus;
}

async function sha256(path: string): Promise<string | null> {
  if (!existsSync(path)) return null;
  return createHash('sha256')
    .update(await readFile(path))
    .digest('hex');
}

async function verify(dir: string, corpus: PhashCorpus): Promise<string[]> {
  const sums = await Promise.all(corpus.files.map((f) => sha256(join(dir, f.file))));
  return corpus.files.filter((f, i) => sums[i] === f.sha256).map((f) => f.file);
}

// Makes sure the corpus exists (building what is missing); used from the global setup.
export async function ensureCorpus(): Promise<CorpusStatus> {
  if (!HAS_SHARED) return { dir: null, reason: `../shared not found at ${SHARED_DIR}`, verified: [] };
  const ffmpeg = await exec('ffmpeg', ['-version']).catch(() => null);
  if (!ffmpeg) return { dir: null, reason: 'ffmpeg is not installed', verified: [] };
  const corpus = loadCorpusJson();
  const dir = process.env.PHASHVAAPI_CORPUS_DIR ?? join(tmpdir(), 'phashvaapi-corpus');
  let verified = await verify(dir, corpus);
  if (verified.length < corpus.files.length) {
    const missing = corpus.files.filter((f) => !verified.includes(f.file)).map((f) => f.recipe);
    await exec('bash', [join(SHARED_DIR, 'vectors', 'make-corpus.sh'), dir, ...missing], {
      maxBuffer: 16 * 1024 * 1024,
    });
    verified = await verify(dir, corpus);
  }
  const version = ffmpeg.stdout.split('\n')[0] ?? '';
  const reason =
    verified.length === 0 ? `no corpus file matched its reference sha256 (this ffmpeg: ${version})` : null;
  return { dir, reason, verified };
}
