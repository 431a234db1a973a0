// The phash parity gate: with "another ffmpeg build" (a wrapper around the real ffmpeg that moves
// one of Stash's seeks on an MPEG-TS file two frames earlier, like ffmpeg 7.1 against Debian's 5.1),
// the re-hashed sample differs from the phash Stash stored, so `run` refuses to write phashes while
// other steps still run, `check` and the dry run say what differs, and --allow-phash-mismatch
// overrides. With the same build the gate lets phashes through. The wrapper is `ffmpeg` first on
// PATH and the worker uses its default ffmpeg, so every frame, whatever path grabs it, goes through it.
import { execFileSync } from 'node:child_process';
import { copyFile, mkdir, mkdtemp, readFile, symlink } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { libraryFromVideos } from '../../standin/library.js';
import type { SeedScene } from '../../standin/seed.js';
import { startStandin, type Standin } from '../../standin/server.js';
import { runCli } from '../../helpers/cli.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import type { CorpusFile } from '../../helpers/shared.js';
import { REPO_ROOT } from '../../helpers/shared.js';
import { cleanEnv, leftoverClaims, phashWrites } from '../../helpers/worker-harness.js';

const corpus = corpusContext();
const SHIFTER = join(REPO_ROOT, 'test/fixtures/bin/ffmpeg-shift-seek.sh');
const opened: Standin[] = [];
afterAll(async () => Promise.all(opened.map((s) => s.close())));

const pick = (prefix: string): CorpusFile | undefined =>
  corpus.files.find((f) => f.recipe.startsWith(prefix));

function storedPhash(standin: Standin, path: string): string | null {
  for (const scene of standin.state.scenes.values()) {
    const file = scene.files.find((f) => f.path === path);
    const fp = file?.fingerprints.find((f) => f.type === 'phash');
    if (file) return fp ? BigInt.asUintN(64, BigInt(fp.value)).toString(16) : null;
  }
  throw new Error(`no file ${path} in the stand-in`);
}

describe.skipIf(!corpus.available)(`the phash parity gate ${corpus.reason}`, () => {
  // Hashed by Stash (its stored phash from the reference vectors): the parity sample.
  const sampled = pick('c21_')!; // MPEG-2 in MPEG-TS, audio starting before the video
  // Not hashed yet: the work a run would do.
  const work = pick('c27_')!; // H.264 in MPEG-TS
  let dir: string;
  let scenes: SeedScene[];
  let fakeEnv: NodeJS.ProcessEnv;
  let sameEnv: NodeJS.ProcessEnv;
  let shiftLog: string;
  const sampledPath = () => join(dir, 'media', sampled.file);
  const workPath = () => join(dir, 'media', work.file);

  beforeAll(async () => {
    expect(sampled, 'corpus file c21').toBeDefined();
    expect(work, 'corpus file c27').toBeDefined();
    dir = await mkdtemp(join(tmpdir(), 'phashvaapi-parity-'));
    await mkdir(join(dir, 'media'));
    await mkdir(join(dir, 'bin'));
    for (const f of [sampled, work]) await copyFile(corpus.pathOf(f.file), join(dir, 'media', f.file));
    scenes = (await libraryFromVideos(join(dir, 'media'))).map((s) => ({
      ...s,
      files: s.files!.map((f) => (f.path === sampledPath() ? { ...f, phash: sampled.phash! } : f)),
    }));
    expect(scenes.flatMap((s) => s.files!).filter((f) => f.phash)).toHaveLength(1);
    // The wrapper is the `ffmpeg` on PATH; ffprobe stays the real one.
    const realFfmpeg = execFileSync('sh', ['-c', 'command -v ffmpeg'], { encoding: 'utf8' }).trim();
    await symlink(SHIFTER, join(dir, 'bin', 'ffmpeg'));
    // Stash's 13th seek on the sampled file (from the reference vectors), two frames earlier.
    const seek = sampled.seeks![12]!;
    const fps = scenes.flatMap((s) => s.files!).find((f) => f.path === sampledPath())!.frameRate!;
    shiftLog = join(dir, 'shifted.log');
    sameEnv = {
      ...cleanEnv(),
      HOME: dir,
      PATH: `${join(dir, 'bin')}${delimiter}${process.env.PATH ?? ''}`,
      REAL_FFMPEG: realFfmpeg,
    };
    fakeEnv = { ...sameEnv, SHIFT_SEEK: seek, SHIFT_TO: String(Number(seek) - 2 / fps), SHIFT_LOG: shiftLog };
  }, 120_000);

  async function rig(): Promise<{ standin: Standin; args: string[] }> {
    const standin = await startStandin({ scenes });
    opened.push(standin);
    const args = [
      '--stash-url',
      standin.baseUrl,
      '--error-log',
      join(dir, 'errors.log'),
      '--log-level',
      'warn',
    ];
    return { standin, args };
  }

  it('the other build really hashes the sampled MPEG-TS file differently (precondition)', async () => {
    const other = await runCli(['hash', sampledPath()], { env: fakeEnv, extendEnv: false });
    expect(other.exitCode, other.stderr).toBe(0);
    expect(other.stdout.split(/\s+/)[0]).not.toBe(sampled.phash);
    const same = await runCli(['hash', sampledPath()], { env: sameEnv, extendEnv: false });
    expect(same.stdout.split(/\s+/)[0]).toBe(sampled.phash);
    expect(await readFile(shiftLog, 'utf8')).toContain(`shifted ${fakeEnv.SHIFT_SEEK}`);
  }, 120_000);

  it('refuses to write phashes with another build, says what differs and what to do; nothing is written', async () => {
    const { standin, args } = await rig();
    const r = await runCli(['run', '--once', ...args], { env: fakeEnv, extendEnv: false });
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    const format = scenes.flatMap((s) => s.files!).find((f) => f.path === sampledPath())!;
    expect(r.stderr).toContain(`phash parity: 1 of 1 sampled file(s) hash differently`);
    expect(r.stderr).toContain(`${format.format}/${format.videoCodec} 1 of 1`);
    expect(r.stderr).toMatch(/same ffmpeg build as Stash/);
    expect(r.stderr).toMatch(/plugin \(direct mode/);
    expect(r.stderr).toContain('--allow-phash-mismatch');
    expect(phashWrites(standin)).toBe(0);
    expect(storedPhash(standin, workPath())).toBeNull();
    expect(storedPhash(standin, sampledPath())).toBe(sampled.phash);
    expect(leftoverClaims(standin)).toEqual({ tags: 0, scenes: 0 });
  }, 180_000);

  it('serve refuses the same way before it starts its loop', async () => {
    const { standin, args } = await rig();
    // Had the gate let it through, serve would run until stopped and this test would time out.
    const r = await runCli(['serve', '--listen', '127.0.0.1:0', ...args], { env: fakeEnv, extendEnv: false });
    expect(r.exitCode, r.stdout + r.stderr).toBe(1);
    expect(r.stderr).toContain('phash parity: 1 of 1 sampled file(s) hash differently');
    expect(phashWrites(standin)).toBe(0);
  }, 180_000);

  it('does not block the other steps: with phash,cover the covers are made and no phash is written', async () => {
    const { standin, args } = await rig();
    const r = await runCli(['run', '--once', '--steps', 'phash,cover', ...args], {
      env: fakeEnv,
      extendEnv: false,
    });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).toContain('phash parity: 1 of 1 sampled file(s) hash differently');
    expect(phashWrites(standin)).toBe(0);
    const covers = [...standin.state.scenes.values()].filter((s) => s.cover !== null).length;
    expect(covers).toBe(scenes.length);
  }, 180_000);

  it('--allow-phash-mismatch writes phashes anyway', async () => {
    const { standin, args } = await rig();
    const r = await runCli(['run', '--once', '--allow-phash-mismatch', ...args], {
      env: fakeEnv,
      extendEnv: false,
    });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).not.toContain('phashes are not written');
    // The shifted seek belongs to the sampled file only: the work file hashes as in Stash.
    expect(storedPhash(standin, workPath())).toBe(work.phash);
  }, 180_000);

  it('lets phashes through when the builds agree, and they are Stash’s', async () => {
    const { standin, args } = await rig();
    const r = await runCli(['run', '--once', ...args], { env: sameEnv, extendEnv: false });
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    expect(r.stderr).not.toContain('phash parity: 1 of 1');
    expect(storedPhash(standin, workPath())).toBe(work.phash);
    expect(phashWrites(standin)).toBe(1);
  }, 180_000);

  it('check prints the ffmpeg version and exact / different per file and in total', async () => {
    const { args } = await rig();
    const other = await runCli(['check', ...args], { env: fakeEnv, extendEnv: false });
    expect(other.exitCode, other.stdout + other.stderr).toBe(1);
    expect(other.stdout).toMatch(/ok\s+ffmpeg\s+ffmpeg version/);
    expect(other.stdout).toMatch(/FAIL\s+phash parity\s+1 of 1 sampled file\(s\) hash differently here/);
    expect(other.stdout).toContain(`Phash parity with Stash (ffmpeg here: ffmpeg version`);
    expect(other.stdout).toContain(`${sampledPath()}: DIFFERENT: Stash ${sampled.phash}, here `);
    expect(other.stdout).toContain('total: 0 exact, 1 different, 0 not hashable here');
    const same = await runCli(['check', ...args], { env: sameEnv, extendEnv: false });
    expect(same.exitCode, same.stdout + same.stderr).toBe(0);
    expect(same.stdout).toMatch(/ok\s+phash parity\s+1 of 1 sampled file\(s\) exact in 1 class\(es\)/);
    expect(same.stdout).toContain(`${sampledPath()}: exact`);
    expect(same.stdout).toContain('total: 1 exact, 0 different, 0 not hashable here');
  }, 180_000);

  it('the dry run reports the parity result and still writes nothing', async () => {
    const { standin, args } = await rig();
    const before = standin.snapshot();
    const text = await runCli(['run', '--dry-run', ...args], { env: fakeEnv, extendEnv: false });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toContain('total: 0 exact, 1 different, 0 not hashable here');
    expect(text.stdout).toContain('In a real run: phash parity: 1 of 1 sampled file(s) hash differently');
    const json = await runCli(['run', '--dry-run', '--json', ...args], { env: fakeEnv, extendEnv: false });
    const report = JSON.parse(json.stdout) as { phashParity: { mismatched: number }; phashRefusal: string };
    expect(report.phashParity.mismatched).toBe(1);
    expect(report.phashRefusal).toMatch(/^phash parity:/);
    expect(standin.snapshot()).toBe(before);
  }, 180_000);

  it('a library without hashed scenes gets a clear note instead', async () => {
    const standin = await startStandin({
      scenes: scenes.map((s) => ({ ...s, files: s.files!.map(({ phash: _, ...f }) => f) })),
    });
    opened.push(standin);
    const r = await runCli(['check', '--stash-url', standin.baseUrl], { env: fakeEnv, extendEnv: false });
    expect(r.stdout).toMatch(/ok\s+phash parity\s+no scene has a phash yet/);
    expect(r.stdout).toContain('no scene has a phash yet, so there is nothing to compare this ffmpeg with');
  }, 120_000);
});
