// Grabs seeks on the stretch path and checks every frame it serves against Stash's per-frame
// command, byte for byte (the stretch identity tests of test/integration/media/).
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import pLimit from 'p-limit';
import { expect } from 'vitest';
import { goFloatString } from '../../src/media/go-float.js';
import { runPipe, runProcess } from '../../src/media/run-process.js';
import { buildScreenshotArgs } from '../../src/media/screenshot-args.js';
import { grabByStretches, type StretchGrabOptions } from '../../src/media/stretch/stretch-grab.js';

const exec = promisify(execFile);

// Returns the indices of the seeks the stretch path served (each already checked).
export async function checkStretchIdentity(
  input: string,
  seconds: readonly number[],
  extra: Pick<StretchGrabOptions, 'onPipes'> = {},
): Promise<number[]> {
  const limit = pLimit(2);
  const got = await grabByStretches({
    run: runProcess,
    runPipe,
    ffmpeg: 'ffmpeg',
    ffprobe: 'ffprobe',
    input,
    seeks: seconds.map(goFloatString),
    limit,
    processes: 2,
    ...extra,
  });
  const served = got.flatMap((bmp, i) => (bmp ? [i] : []));
  const reference = await Promise.all(
    served.map((i) =>
      limit(
        async () =>
          (await exec('ffmpeg', buildScreenshotArgs(input, seconds[i]!), { encoding: 'buffer' })).stdout,
      ),
    ),
  );
  served.forEach((i, k) => expect(got[i]!.equals(reference[k]!), `seek ${seconds[i]} s differs`).toBe(true));
  return served;
}
