// npm run test:differential -- --seed S --count N [--first I] [--keep] [--work-dir DIR]
// Builds N files from seed S, compares every fast-path frame with Stash's command and prints a
// summary; for every file that disagrees (or cannot be built) its recipe, to make a regression
// test from. Exits 1 if anything disagreed or failed to build.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { PATHS, type Disagreement } from './compare-file.js';
import { recipeToShell } from './recipe-commands.js';
import { familiesOf } from './recipe.js';
import { runDifferential, type FileReport } from './run-differential.js';

const { values } = parseArgs({
  options: {
    seed: { type: 'string', default: '1' },
    count: { type: 'string', default: '20' },
    first: { type: 'string', default: '0' },
    keep: { type: 'boolean', default: false },
    'work-dir': { type: 'string' },
  },
});
const seed = Number(values.seed);
const count = Number(values.count);
const first = Number(values.first);
if (![seed, count, first].every(Number.isSafeInteger) || count < 1 || first < 0) {
  console.error(
    'usage: npm run test:differential -- --seed S --count N [--first I] [--keep] [--work-dir DIR]',
  );
  process.exit(2);
}
const workDir = values['work-dir'] ?? (await mkdtemp(join(tmpdir(), 'phashvaapi-differential-')));

const started = Date.now();
const summary = await runDifferential({
  seed,
  count,
  first,
  workDir,
  keep: values.keep,
  onFile: (f) => {
    console.log(fileLine(f));
    for (const p of PATHS) {
      const d = f.disagreements.filter((x) => x.path === p);
      if (d.length > 0) console.log(`    ${p}: ${d.length} seeks disagree, e.g. ${disagreementText(d[0]!)}`);
    }
  },
});

const seeks = summary.files.reduce((n, f) => n + f.seeks, 0);
const built = summary.files.length - summary.errors;
console.log(
  `\nseed ${seed}, files ${first}..${first + count - 1}: ${built} files built, ${seeks} seeks ` +
    `(${summary.files.reduce((n, f) => n + f.stashFailures, 0)} where Stash gets no image), ` +
    `${Math.round((Date.now() - started) / 1000)} s`,
);
for (const p of PATHS)
  console.log(`  ${p.padEnd(18)} ${String(summary.compared[p]).padStart(6)} seeks compared`);
console.log(`  disagreements: ${summary.disagreements}; files that could not be built: ${summary.errors}`);

for (const f of summary.files.filter((x) => x.error !== null || x.disagreements.length > 0)) {
  console.log(`\n== ${f.recipe.spec.id} (${familiesOf(f.recipe.spec).join(', ')})`);
  if (f.error !== null) console.log(`could not build or probe: ${f.error}`);
  for (const d of f.disagreements)
    console.log(
      `  ${d.path} at -ss ${d.seek}: Stash ${d.expected === 'image' ? 'gives an image' : 'fails'}, got ${d.got}`,
    );
  console.log('recipe (run in an empty folder):');
  for (const line of recipeToShell(f.recipe)) console.log(`  ${line}`);
  console.log(`spec: ${JSON.stringify(f.recipe.spec)}`);
}
if (values.keep) console.log(`\nfiles kept in ${workDir}`);
else if (values['work-dir'] === undefined) await rm(workDir, { recursive: true, force: true });
process.exitCode = summary.disagreements > 0 || summary.errors > 0 ? 1 : 0;

function disagreementText(d: Disagreement): string {
  return `at -ss ${d.seek}: Stash ${d.expected === 'image' ? 'gives an image' : 'fails'}, got ${d.got}`;
}

function fileLine(f: FileReport): string {
  const head = `${f.recipe.spec.id.padEnd(8)} ${f.recipe.file.padEnd(12)}`;
  if (f.error !== null) return `${head} NOT BUILT: ${f.error.split('\n')[0]}`;
  const paths = PATHS.map((p) => `${p} ${f.compared[p]}`).join(', ');
  const verdict = f.disagreements.length === 0 ? 'ok' : `${f.disagreements.length} DISAGREE`;
  const fails = f.stashFailures > 0 ? `, ${f.stashFailures} Stash failures` : '';
  return `${head} ${verdict.padEnd(12)} ${f.seeks} seeks: ${paths}${fails}, ${(f.ms / 1000).toFixed(0)} s [${familiesOf(f.recipe.spec).join(' ')}]`;
}
