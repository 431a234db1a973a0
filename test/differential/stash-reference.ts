// Stash's own frame grab, the authority the fast paths are compared with: its exact argv
// (src/media/screenshot-args.ts), one process per seek, no -map, stdout read byte for byte with
// node:child_process (not execa, whose default strips a final newline even from binary output).
import { spawn } from 'node:child_process';
import { buildScreenshotArgs } from '../../src/media/screenshot-args.js';

/** A frame's BMP bytes, or 'failed': Stash stores no phash (ffmpeg failed or wrote nothing). */
export type Outcome = Buffer | 'failed';

// Runs Stash's command for one seek; 'failed' on a non-zero exit or an empty stdout.
export function grabStashFrame(input: string, seconds: number, ffmpeg = 'ffmpeg'): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(ffmpeg, buildScreenshotArgs(input, seconds), { stdio: ['ignore', 'pipe', 'ignore'] });
    const chunks: Buffer[] = [];
    child.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const bytes = Buffer.concat(chunks);
      resolve(code === 0 && bytes.length > 0 ? bytes : 'failed');
    });
  });
}
