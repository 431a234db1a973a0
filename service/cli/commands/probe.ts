// `phashvaapi probe [--json]`: the hardware report (src/media/hwaccel/probe-report.ts). Exit code 0
// when the software path works (a machine without a GPU is fine), 1 when it does not.
import type { Argv, CommandModule } from 'yargs';
import { formatProbeReport, probeHardware } from '../../../src/media/hwaccel/probe-report.js';
import type { CliDeps } from '../deps.js';

interface ProbeArgs {
  json: boolean;
  ffmpeg: string;
  timeout: number;
}

// Builds the yargs module for `probe`, with its I/O and process runner injected.
export function createProbeCommand(deps: CliDeps): CommandModule<object, ProbeArgs> {
  return {
    command: 'probe',
    describe:
      'Report GPUs, drivers and which hardware decoders/encoders really work (each tested with a short run)',
    builder: (yargs: Argv) =>
      yargs
        .option('json', { type: 'boolean', default: false, describe: 'the report as one JSON object' })
        .option('ffmpeg', { type: 'string', default: 'ffmpeg', describe: 'ffmpeg binary' })
        .option('timeout', { type: 'number', default: 10, describe: 'seconds allowed per test run' })
        .check((argv) => {
          if (!(argv.timeout > 0))
            throw new Error(`Expected --timeout to be seconds > 0, got ${String(argv.timeout)}`);
          return true;
        }) as unknown as Argv<ProbeArgs>,
    handler: async (args) => {
      const report = await probeHardware({
        run: deps.run,
        ffmpeg: args.ffmpeg,
        timeoutMs: args.timeout * 1000,
        ...(deps.signal ? { signal: deps.signal } : {}),
      });
      deps.stdout(args.json ? `${JSON.stringify(report, null, 2)}\n` : formatProbeReport(report));
      const software = report.checks.filter((c) => c.backend === 'software');
      deps.setExitCode(software.length > 0 && software.every((c) => c.passed) ? 0 : 1);
    },
  };
}
