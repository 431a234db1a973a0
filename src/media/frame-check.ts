// The runtime check of the fast frame paths (stretch, batch). They predict what Stash's per-seek
// command returns; a prediction can be wrong on a file or an ffmpeg build nobody tested, and a
// wrong frame gives a silently wrong phash. So for each file, some of the frames a fast path
// served are grabbed again with Stash's exact command and compared byte for byte. On any
// difference every fast frame of that file is replaced by Stash's own, and the caller is told
// (it logs one warning and counts it). N defaults to 1 at random: the paths fail per file, not
// per frame (a wrong stream, a wrong seek rule), so one frame catches most, at 1/25 of the cost.
//
// The checks cost wall time only if they run after the fast paths. So the caller may draw them
// before it knows which path serves which seek and start Stash's command at once, beside the
// fast paths (`started`): a drawn seek the fast paths serve is checked with that grab, one they
// leave to Stash's command takes it as its frame, and draws that missed are made up afterwards
// among the served frames. Each served frame is thus as likely to be checked as any other.
import type { ProcessRunner } from './run-process.js';

export type FastPath = 'stretch' | 'batch';

/** How many fast-served frames per file to check: a count (0: none) or all of them. */
export type CheckFrames = number | 'all';

export const DEFAULT_CHECK_FRAMES: CheckFrames = 1;

export interface FastPathDisagreement {
  input: string;
  path: FastPath;
  /** Stash's -ss string of the first seek found to differ. */
  seek: string;
  /** The first line of `ffmpeg -version`: what to report with the file. */
  ffmpegVersion: string;
}

// `count` indices drawn without replacement from `served` (all of them for 'all'), in order.
export function pickChecks(served: readonly number[], count: CheckFrames, random = Math.random): number[] {
  if (count === 'all' || count >= served.length) return [...served];
  const pool = [...served];
  const picked: number[] = [];
  for (let k = 0; k < count; k++) picked.push(...pool.splice(Math.floor(random() * pool.length), 1));
  return picked.sort((a, b) => a - b);
}

export interface VerifyOptions {
  frames: Buffer[];
  /** Which fast path served each frame; null for frames Stash's own command grabbed. */
  paths: readonly (FastPath | null)[];
  checkFrames: CheckFrames;
  seeks: readonly string[];
  /** Stash's exact command for frame i (throws as Stash's would). */
  grabExact: (i: number) => Promise<Buffer>;
  /** Runs `ffmpeg -version` when a disagreement is reported. */
  version: () => Promise<string>;
  input: string;
  onDisagreement?: ((d: FastPathDisagreement) => void) | undefined;
  /** Stash's command already running for these frames (null: it failed). */
  started?: ReadonlyMap<number, Promise<Buffer | null>> | undefined;
}

// Checks, and replaces the fast frames in `frames` when any checked one differs from Stash's.
export async function verifyFastFrames(o: VerifyOptions): Promise<void> {
  const served = o.paths.flatMap((p, i) => (p ? [i] : []));
  const want = o.checkFrames === 'all' ? served.length : Math.min(o.checkFrames, served.length);
  const early = served.filter((i) => o.started?.has(i)).slice(0, want);
  const late = pickChecks(
    served.filter((i) => !early.includes(i)),
    want - early.length,
  );
  const checks = [...early, ...late].sort((a, b) => a - b);
  // A fast frame where Stash's command fails counts as a difference too (null).
  const exact = await Promise.all(checks.map((i) => o.started?.get(i) ?? o.grabExact(i).catch(() => null)));
  const differs = checks.findIndex((i, k) => !exact[k]?.equals(o.frames[i]!));
  if (differs < 0) return;
  const first = checks[differs]!;
  o.onDisagreement?.({
    input: o.input,
    path: o.paths[first]!,
    seek: o.seeks[first]!,
    ffmpegVersion: await o.version().catch(() => 'unknown'),
  });
  const known = new Map(checks.flatMap((i, k) => (exact[k] ? [[i, exact[k]] as const] : [])));
  await Promise.all(
    served.map(async (i) => {
      o.frames[i] = known.get(i) ?? (await o.grabExact(i));
    }),
  );
}

// The first line of `ffmpeg -version`.
export async function ffmpegVersionLine(run: ProcessRunner, ffmpeg: string): Promise<string> {
  const { stdout } = await run({ bin: ffmpeg, args: ['-version'], timeoutMs: 15_000 });
  return stdout.toString('utf8').split('\n')[0]!.trim();
}
