// The error log a user reviews: one JSON line per permanent failure (time, scene, file, step,
// reason). Appended, never rewritten; secrets are scrubbed like every log line.
import { appendFile, mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { scrub } from '../observability/logger.js';

export interface ErrorLogEntry {
  sceneId: string;
  file: string | null;
  step: string;
  reason: string;
}

export type ErrorLog = (entry: ErrorLogEntry) => Promise<void>;

// An ErrorLog appending to `path` (null: keep nothing, e.g. dry runs).
export function createErrorLog(path: string | null, now: () => Date = () => new Date()): ErrorLog {
  return async (entry) => {
    if (!path) return;
    await mkdir(dirname(path), { recursive: true });
    const line = JSON.stringify({ time: now().toISOString(), ...entry, reason: scrub(entry.reason) });
    await appendFile(path, `${line}\n`, 'utf8');
  };
}
