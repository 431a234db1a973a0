// The first line of `<bin> -version` ("ffmpeg version 5.1.6-0+deb12u1"): which build
// runs here. Frames, and so phashes, can differ between builds (README "The ffmpeg build").
import type { ProcessRunner } from './run-process.js';

// Reads the version line of an ffmpeg/ffprobe binary, without its copyright notice.
export async function readBinaryVersion(run: ProcessRunner, bin: string): Promise<string> {
  const { stdout } = await run({ bin, args: ['-version'], timeoutMs: 15_000 });
  return (stdout.toString('utf8').split('\n')[0] ?? '').replace(/ Copyright .*$/, '');
}
