// Runs a recipe's steps in a folder and returns the file's path. Each step is one ffmpeg process
// run in that folder (the recipe names its files relative to it) or the stss removal.
import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { stripStss } from './mp4-boxes.js';
import type { Recipe } from './recipe-commands.js';

const exec = promisify(execFile);

export interface Synthesized {
  path: string;
  /** stss boxes removed (0 when the recipe removes none, or the muxer wrote none: all sync). */
  strippedStss: number;
}

// Builds `recipe`'s file inside `dir` (created if needed); throws when a step fails.
export async function synthesize(recipe: Recipe, dir: string): Promise<Synthesized> {
  await mkdir(dir, { recursive: true });
  let strippedStss = 0;
  for (const step of recipe.steps) {
    if (step.kind === 'strip-stss') strippedStss += await stripStss(join(dir, step.file));
    else await exec('ffmpeg', step.args, { cwd: dir, timeout: 300_000 });
  }
  return { path: join(dir, recipe.file), strippedStss };
}
