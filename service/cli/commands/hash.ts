// `phashvaapi hash FILE...`: Stash's phash of local files, no Stash needed.
import { availableParallelism } from 'node:os';
import { mkdir } from 'node:fs/promises';
import { basename, join } from 'node:path';
import pLimit from 'p-limit';
import type { Argv, CommandModule } from 'yargs';
import { CONFIG_OPTIONS } from '../../../src/config/options.js';
import { hashFile, type HashFileResult } from '../../../src/phash/hash-file.js';
import { formatPhash } from '../../../src/phash/phash-hex.js';
import type { CliDeps } from '../deps.js';

interface HashArgs {
  files: string[];
  json: boolean;
  duration?: number;
  concurrency: number;
  montage?: string;
  ffmpeg: string;
  ffprobe: string;
  checkFrames: number | 'all';
}

type Outcome = { file: string; result: HashFileResult } | { file: string; error: string };

// Builds the yargs module for `hash`, with its I/O and process runner injected.
export function createHashCommand(deps: CliDeps): CommandModule<object, HashArgs> {
  return {
    command: 'hash [files..]',
    describe: "Compute Stash's phash of video files (bit-identical to Stash's own)",
    builder: (yargs: Argv) =>
      yargs
        .positional('files', { type: 'string', array: true, describe: 'video files' })
        .option('json', { type: 'boolean', default: false, describe: 'one JSON object per line' })
        .option('duration', {
          type: 'number',
          describe: "use this duration (Stash's stored value) instead of probing; applies to every file",
        })
        .option('concurrency', {
          type: 'number',
          default: availableParallelism(),
          describe: 'ffmpeg processes at once',
        })
        .option('montage', { type: 'string', describe: 'write each 5x5 montage as PNG into this folder' })
        .option('ffmpeg', { type: 'string', default: 'ffmpeg', describe: 'ffmpeg binary' })
        .option('ffprobe', { type: 'string', default: 'ffprobe', describe: 'ffprobe binary' })
        .option('check-frames', {
          type: 'string',
          default: '1',
          describe: CONFIG_OPTIONS.checkFrames.description,
          coerce: (raw: unknown) => CONFIG_OPTIONS.checkFrames.parse(raw),
        })
        .check((argv) => {
          if (!argv.files?.length)
            throw new Error('Name at least one video file to hash (phashvaapi hash FILE...)');
          if (!Number.isInteger(argv.concurrency) || argv.concurrency < 1) {
            throw new Error(
              `Expected --concurrency to be a positive integer, got ${String(argv.concurrency)}`,
            );
          }
          if (argv.duration !== undefined && !(argv.duration >= 0)) {
            throw new Error(
              `Expected --duration to be a number of seconds >= 0, got ${String(argv.duration)}`,
            );
          }
          return true;
        }) as unknown as Argv<HashArgs>,
    handler: async (args) => {
      deps.setExitCode(await runHash(args, deps));
    },
  };
}

async function runHash(args: HashArgs, deps: CliDeps): Promise<number> {
  const processLimit = pLimit(args.concurrency);
  const fileLimit = pLimit(args.concurrency);
  if (args.montage) await mkdir(args.montage, { recursive: true });
  const pending = args.files.map((file) =>
    fileLimit(async (): Promise<Outcome> => {
      try {
        const result = await hashFile(file, {
          run: deps.run,
          runPipe: deps.runPipe,
          ffmpeg: args.ffmpeg,
          ffprobe: args.ffprobe,
          limit: processLimit,
          processes: args.concurrency,
          duration: args.duration,
          signal: deps.signal,
          checkFrames: args.checkFrames,
          onFastPathDisagreement: (d) =>
            deps.stderr(
              `phashvaapi: warning: ${d.path} path disagrees with Stash's command on ${d.input} at -ss ${d.seek} ` +
                `(${d.ffmpegVersion}); used Stash's frames\n`,
            ),
        });
        if (args.montage) await writeMontage(args.montage, file, result);
        return { file, result };
      } catch (error) {
        return { file, error: error instanceof Error ? error.message : String(error) };
      }
    }),
  );
  let failed = 0;
  // Results print in the order the files were given, each as soon as it and its predecessors are done.
  for (const outcome of pending) {
    const o = await outcome;
    if ('error' in o) {
      failed++;
      // MediaError messages already start with the file; others get it in front.
      deps.stderr(`phashvaapi: ${o.error.startsWith(o.file) ? o.error : `${o.file}: ${o.error}`}\n`);
      if (args.json) deps.stdout(`${JSON.stringify({ file: o.file, error: o.error })}\n`);
    } else if (args.json) {
      const { phash, duration, ms } = o.result;
      deps.stdout(`${JSON.stringify({ file: o.file, phash: formatPhash(phash), duration, ms })}\n`);
    } else {
      deps.stdout(`${formatPhash(o.result.phash)}  ${o.file}\n`);
    }
  }
  return failed > 0 ? 1 : 0;
}

async function writeMontage(dir: string, file: string, result: HashFileResult): Promise<void> {
  const { width, height, data } = result.montage;
  const { default: sharp } = await import('sharp'); // native module: loaded only when asked for montages
  await sharp(data, { raw: { width, height, channels: 4 } })
    .png()
    .toFile(join(dir, `${basename(file)}.montage.png`));
}
