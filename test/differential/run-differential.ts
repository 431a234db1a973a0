// A differential run: files `first .. first+count-1` of seed S are generated, synthesized and
// compared (compare-file.ts); the summary counts what was compared and keeps, for every file that
// disagrees or cannot be built, its recipe so it can become a regression test.
import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import { compareFile, PATHS, type Disagreement, type FramePath } from './compare-file.js';
import { buildRecipe, type Recipe } from './recipe-commands.js';
import { generateRecipe } from './recipe.js';
import { synthesize } from './synthesize.js';

export interface DifferentialOptions {
  seed: number;
  count: number;
  /** Index of the first file. @default 0 */
  first?: number;
  /** Where the files are built (one folder per file). */
  workDir: string;
  /** Keep the files that disagree (the others are always removed). @default false */
  keep?: boolean;
  processes?: number;
  onFile?: (report: FileReport) => void;
}

export interface FileReport {
  recipe: Recipe;
  /** Set when the file could not be built or probed: nothing was compared. */
  error: string | null;
  seeks: number;
  stashFailures: number;
  compared: Record<FramePath, number>;
  disagreements: Disagreement[];
  /** Wall time to build and compare the file. */
  ms: number;
}

export interface DifferentialSummary {
  files: FileReport[];
  /** Seeks compared per path, over all files. */
  compared: Record<FramePath, number>;
  disagreements: number;
  errors: number;
}

const zero = (): Record<FramePath, number> =>
  Object.fromEntries(PATHS.map((p) => [p, 0])) as Record<FramePath, number>;

// Runs the files one after another (each file's comparisons use `processes` ffmpeg processes).
export async function runDifferential(options: DifferentialOptions): Promise<DifferentialSummary> {
  const files: FileReport[] = [];
  const first = options.first ?? 0;
  for (let index = first; index < first + options.count; index++) {
    const recipe = buildRecipe(generateRecipe(options.seed, index));
    const dir = join(options.workDir, recipe.spec.id);
    const started = performance.now();
    const report: FileReport = {
      recipe,
      error: null,
      seeks: 0,
      stashFailures: 0,
      compared: zero(),
      disagreements: [],
      ms: 0,
    };
    try {
      const { path } = await synthesize(recipe, dir);
      const result = await compareFile(path, options.processes);
      report.seeks = result.phashSeeks + result.spriteSeeks;
      report.stashFailures = result.stashFailures;
      report.compared = result.compared;
      report.disagreements = result.disagreements;
    } catch (error) {
      report.error = error instanceof Error ? error.message : String(error);
    }
    report.ms = Math.round(performance.now() - started);
    files.push(report);
    options.onFile?.(report);
    const keep = options.keep && (report.error !== null || report.disagreements.length > 0);
    if (!keep) await rm(dir, { recursive: true, force: true });
  }
  const compared = zero();
  for (const f of files) for (const p of PATHS) compared[p] += f.compared[p];
  return {
    files,
    compared,
    disagreements: files.reduce((n, f) => n + f.disagreements.length, 0),
    errors: files.filter((f) => f.error !== null).length,
  };
}
