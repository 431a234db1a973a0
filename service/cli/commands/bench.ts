// `phashvaapi bench FILE...`: the Stash way against ours on the user's own files (src/bench/),
// software and each hardware preview encoder that passes its test run. Writes only into a private
// temporary folder; needs no Stash. Exit code 1 when a file fails or a Stash-exact output differs.
import { availableParallelism } from 'node:os';
import pLimit from 'p-limit';
import type { Argv, CommandModule } from 'yargs';
import { formatBenchTable, summarizeRows } from '../../../src/bench/bench-report.js';
import { BENCH_STEPS, benchFile, type BenchStep } from '../../../src/bench/file-bench.js';
import { DEFAULT_PREVIEW_SETTINGS } from '../../../src/generators/preview-settings.js';
import type { GeneratorDeps } from '../../../src/generators/types.js';
import { buildHwChain } from '../../../src/media/hwaccel/chains.js';
import { detectHwCapabilities } from '../../../src/media/hwaccel/detect.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { CliDeps } from '../deps.js';

interface BenchArgs {
  files: string[];
  steps: string;
  runs: number;
  concurrency: number;
  hwaccel: boolean;
  json: boolean;
  ffmpeg: string;
  ffprobe: string;
}

export function createBenchCommand(deps: CliDeps): CommandModule<object, BenchArgs> {
  return {
    command: 'bench [files..]',
    describe: 'Time the Stash way against phashvaapi on your own files, and check that the outputs agree',
    builder: (yargs: Argv) =>
      yargs
        .positional('files', { type: 'string', array: true, describe: 'video files' })
        .option('steps', {
          type: 'string',
          default: BENCH_STEPS.join(','),
          describe: 'comma-separated steps',
        })
        .option('runs', {
          type: 'number',
          default: 3,
          describe: 'alternating runs per file (medians are shown)',
        })
        .option('concurrency', {
          type: 'number',
          default: availableParallelism(),
          describe: 'ffmpeg processes at once on our side',
        })
        .option('hwaccel', {
          type: 'boolean',
          default: true,
          describe:
            'also time each hardware preview encoder that passes its test run (--no-hwaccel: software only)',
        })
        .option('json', { type: 'boolean', default: false, describe: 'one JSON object per file' })
        .option('ffmpeg', { type: 'string', default: 'ffmpeg', describe: 'ffmpeg binary' })
        .option('ffprobe', { type: 'string', default: 'ffprobe', describe: 'ffprobe binary' })
        .check((argv) => {
          if (!argv.files?.length) throw new Error('Name at least one video file (phashvaapi bench FILE...)');
          const bad = argv.steps.split(',').filter((s) => !(BENCH_STEPS as readonly string[]).includes(s));
          if (bad.length > 0)
            throw new Error(`Unknown step(s) ${bad.join(', ')}; steps are ${BENCH_STEPS.join(', ')}`);
          for (const [name, value] of [
            ['runs', argv.runs],
            ['concurrency', argv.concurrency],
          ] as const)
            if (!Number.isInteger(value) || value < 1)
              throw new Error(`Expected --${name} to be a positive integer, got ${String(value)}`);
          return true;
        }) as unknown as Argv<BenchArgs>,
    handler: async (args) => {
      const base = {
        run: deps.run,
        runPipe: deps.runPipe,
        ffmpeg: args.ffmpeg,
        ffprobe: args.ffprobe,
        logger: silentLogger,
        signal: deps.signal,
      };
      const ours: GeneratorDeps = { ...base, limit: pLimit(args.concurrency), processes: args.concurrency };
      const stashWay: GeneratorDeps = { ...base, runPipe: undefined, limit: pLimit(1), processes: 1 };
      const caps = args.hwaccel ? await detectHwCapabilities({ run: deps.run, ffmpeg: args.ffmpeg }) : [];
      const hardware = caps
        .filter((c) => c.passed)
        .map((c) => ({
          label: `${c.encoder} on ${c.device}`,
          encoder: { kind: 'hardware' as const, chain: buildHwChain(c.backend, c.device), required: true },
        }));
      if (!args.json) {
        deps.stdout(
          `phashvaapi bench: ${args.runs} alternating runs, ours on ${args.concurrency} processes; `,
        );
        deps.stdout(`ratio = ours / the Stash way, medians\n`);
        deps.stdout(
          caps.length === 0
            ? 'hardware: no device found (software only)\n'
            : caps
                .map(
                  (c) =>
                    `hardware ${c.encoder} on ${c.device}: ${c.passed ? 'ok' : `not usable: ${c.reason}`}\n`,
                )
                .join(''),
        );
      }
      let failed = false;
      for (const file of args.files) {
        try {
          const rows = await benchFile(file, {
            ours,
            stashWay,
            steps: args.steps.split(',') as BenchStep[],
            runs: args.runs,
            previewSettings: DEFAULT_PREVIEW_SETTINGS,
            hardware,
          });
          const summaries = summarizeRows(rows);
          failed ||= summaries.some((s) => s.mismatch);
          deps.stdout(
            args.json
              ? `${JSON.stringify({ file, rows: summaries })}\n`
              : `\n${file}\n${formatBenchTable(summaries)}\n`,
          );
        } catch (error) {
          if (deps.signal?.aborted) throw error;
          failed = true;
          const message = error instanceof Error ? error.message : String(error);
          deps.stderr(`phashvaapi: ${file}: ${message.split('\n')[0]}\n`);
          if (args.json) deps.stdout(`${JSON.stringify({ file, error: message })}\n`);
        }
      }
      deps.setExitCode(failed ? 1 : 0);
    },
  };
}
