// Reads ../shared/vectors/artifacts (what a real Stash's Generate wrote for the corpus files).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from '../../helpers/shared.js';

export interface ArtifactFacts {
  file: string;
  oshash: string;
  duration_db: number;
  vtt?: string;
  sprite?: { width: number; height: number; bytes: number };
  preview?: {
    duration: number;
    width: number | null;
    height: number | null;
    streams: string[];
    bytes: number;
  };
  webp?: { bytes: number };
  cover: { sha256: string; bytes: number } | null;
}

export const ARTIFACTS_DIR = join(SHARED_DIR, 'vectors', 'artifacts');
export const HAS_ARTIFACTS = existsSync(join(ARTIFACTS_DIR, 'artifacts.json'));

// The per-file facts, or [] when ../shared is absent.
export function loadArtifacts(): ArtifactFacts[] {
  if (!HAS_ARTIFACTS) return [];
  return (
    JSON.parse(readFileSync(join(ARTIFACTS_DIR, 'artifacts.json'), 'utf8')) as { files: ArtifactFacts[] }
  ).files;
}

// Stash's exact _thumbs.vtt text for a corpus file.
export function readArtifactVtt(name: string): string {
  return readFileSync(join(ARTIFACTS_DIR, name), 'utf8');
}
