// What the suites need from the machine. Outside CI a missing piece makes the suites that need it
// skip and say why (a user's clone has no ../shared); under CI=true it fails the whole run from
// the global setup, because a CI that passes by skipping proves nothing.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ARTIFACTS_DIR, HAS_ARTIFACTS } from '../integration/generators/artifacts.js';
import type { CorpusStatus } from './corpus.js';
import { loadCorpusJson } from './corpus.js';
import { FIXTURES, HAS_PLUGIN_FIXTURES, HAS_PYTHON } from './plugin-harness.js';
import { HAS_SHARED, SHARED_DIR } from './shared.js';
import { HAS_STASH_SCHEMAS, STASH_SCHEMA_DIR } from './stash-schemas.js';

export const IN_CI = ['true', '1', 'yes'].includes((process.env.CI ?? '').toLowerCase());
export const REAL_STASH = join(SHARED_DIR, 'real-stash', 'stash');
export const CHROMIUM = '/usr/bin/chromium';

function onPath(bin: string): boolean {
  try {
    execFileSync(bin, ['-version'], { stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

// Every prerequisite that is missing, in words; [] when the suites can run in full.
export function missingPrerequisites(corpus: CorpusStatus): string[] {
  const missing: string[] = [];
  if (!HAS_SHARED) missing.push(`reference data (${SHARED_DIR}/vectors/phash-corpus.json)`);
  if (!onPath('ffmpeg') || !onPath('ffprobe')) missing.push('ffmpeg and ffprobe on the PATH');
  if (!corpus.dir) missing.push(`the reference corpus (${corpus.reason ?? 'unavailable'})`);
  else if (HAS_SHARED && corpus.verified.length < loadCorpusJson().files.length)
    missing.push(
      `part of the reference corpus: ${corpus.verified.length} of ${loadCorpusJson().files.length} files match their sha256 (another ffmpeg build?)`,
    );
  if (!HAS_STASH_SCHEMAS) missing.push(`the real Stash schemas (${STASH_SCHEMA_DIR})`);
  if (!HAS_ARTIFACTS) missing.push(`Stash's generated artifacts (${ARTIFACTS_DIR})`);
  if (!HAS_PLUGIN_FIXTURES || !existsSync(join(FIXTURES, 'stash-graphql')))
    missing.push(`the captured Stash fixtures (${FIXTURES})`);
  if (!existsSync(REAL_STASH)) missing.push(`the real Stash server (${REAL_STASH})`);
  if (!HAS_PYTHON) missing.push('python3 (the plugin launcher)');
  if (!existsSync(CHROMIUM)) missing.push(`${CHROMIUM} (the status page test)`);
  return missing;
}
