// The scene cover exactly as Stash makes it (stash internal/manager/task_generate_screenshot.go,
// pkg/scene/generate/screenshot.go): one full-resolution mjpeg frame at 20% of the DB duration,
// `-q:v 2`. Stash stores ffmpeg's bytes unchanged, so uploading ours gives a byte-identical cover.
// A cover is a DB blob, not a generated file: the bytes go to Stash via sceneUpdate(cover_image).
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaError } from '../errors.js';
import { goFloatString } from '../media/go-float.js';
import { runLimits, type GeneratorDeps } from './types.js';

export const COVER_POSITION = 0.2;

export interface CoverPlan {
  readonly input: string;
  readonly seconds: number;
}

// Where Stash grabs the cover: `at` when given, else 0.2 × the duration Stash stored for the file.
export function planCover(input: string, dbDuration: number, at: number | null = null): CoverPlan {
  return { input, seconds: at ?? dbDuration * COVER_POSITION };
}

// Stash's cover argv (without the binary).
export function buildCoverArgs(input: string, seconds: number, outPath: string): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-y',
    '-ss', goFloatString(seconds),
    '-i', input,
    '-frames:v', '1',
    '-q:v', '2',
    '-f', 'image2',
    outPath,
  ];
}

// Runs the plan; returns ffmpeg's JPEG bytes unchanged (written in a private OS temp dir, then deleted).
export async function runCover(plan: CoverPlan, deps: GeneratorDeps): Promise<Buffer> {
  const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cover-'));
  try {
    const out = join(dir, 'cover.jpg');
    await deps.limit(() =>
      deps.run({ bin: deps.ffmpeg, args: buildCoverArgs(plan.input, plan.seconds, out), ...runLimits(deps) }),
    );
    const bytes = await readFile(out).catch(() => Buffer.alloc(0));
    if (bytes.length === 0) {
      throw new MediaError(
        plan.input,
        `cover at ${goFloatString(plan.seconds)} s: ffmpeg command produced no output`,
      );
    }
    return bytes;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

// The value Stash's sceneUpdate(cover_image) accepts for raw bytes.
export function coverDataUrl(bytes: Uint8Array): string {
  return `data:image/jpeg;base64,${Buffer.from(bytes).toString('base64')}`;
}
