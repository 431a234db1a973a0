// Failure paths with fake ffmpeg executables (test/fixtures/bin): hardware that fails falls back
// to software in `auto` and fails cleanly when required; a hanging ffmpeg is killed at the
// timeout (SIGTERM ignored → SIGKILL); cancellation stops the step. In every case the generated
// folder holds no temp or partial file and the private work dirs are gone.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegError } from '../../../src/errors.js';
import { planCover, runCover } from '../../../src/generators/cover.js';
import { previewPath } from '../../../src/generators/generated-paths.js';
import { planPreview, type PreviewPlan } from '../../../src/generators/preview-plan.js';
import { resolvePreviewSettings } from '../../../src/generators/preview-settings.js';
import { probePreviewInput, runPreview } from '../../../src/generators/preview.js';
import { detectHwCapabilities } from '../../../src/media/hwaccel/detect.js';
import { HwAccelUnavailableError } from '../../../src/media/hwaccel/errors.js';
import { resolveEncoder } from '../../../src/media/hwaccel/resolve.js';
import { vaapiChain } from '../../../src/media/hwaccel/vaapi.js';
import { runProcess } from '../../../src/media/run-process.js';
import { REPO_ROOT } from '../../helpers/shared.js';
import { probeOutput, realDeps, recordingRunner } from './deps.js';
import { fixture, type FixtureName } from './fixtures.js';
import { usePrivateTmpdir } from '../../helpers/private-tmpdir.js';

usePrivateTmpdir();

const BIN = join(REPO_ROOT, 'test/fixtures/bin');
const NO_VAAPI = join(BIN, 'ffmpeg-no-vaapi');
const HANG = join(BIN, 'ffmpeg-hang.mjs');
const vaapi = (required: boolean) =>
  ({ kind: 'hardware', chain: vaapiChain('/dev/dri/renderD128'), required }) as const;

let gen: string;
let fakeDev: string;
beforeAll(async () => {
  gen = await mkdtemp(join(tmpdir(), 'preview-fail-gen-'));
  fakeDev = await mkdtemp(join(tmpdir(), 'fake-dev-'));
  await mkdir(join(fakeDev, 'dri'));
  await writeFile(join(fakeDev, 'dri', 'renderD128'), '');
});
afterAll(async () => {
  await rm(gen, { recursive: true, force: true });
  await rm(fakeDev, { recursive: true, force: true });
});

const screenshots = async () =>
  existsSync(join(gen, 'screenshots')) ? (await readdir(join(gen, 'screenshots'))).sort() : [];
const workDirs = async () =>
  (await readdir(tmpdir())).filter(
    (n) => n.startsWith('phashvaapi-preview-') || n.startsWith('phashvaapi-cover-'),
  );
// Our own child processes still running the hanging fake (a killed one is reaped by the runner).
const hangingChildren = (): string[] =>
  execFileSync('ps', ['-o', 'pid=,args=', '--ppid', String(process.pid)], { encoding: 'utf8' })
    .split('\n')
    .filter((line) => line.includes('ffmpeg-hang.mjs'));
const plan = async (name: FixtureName): Promise<PreviewPlan> =>
  planPreview(await probePreviewInput(realDeps(), await fixture(name)), resolvePreviewSettings());

describe('hardware preview encode', () => {
  it('auto: a failing VAAPI run is logged and the preview redone in software (fake ffmpeg)', async () => {
    const run = recordingRunner(runProcess);
    const deps = realDeps({ ffmpeg: NO_VAAPI, run });
    const output = previewPath(gen, 'a0a0a0a0a0a0a0a0');
    const result = await runPreview(await plan('clip12_noaudio.mp4'), deps, {
      output,
      encoder: vaapi(false),
    });
    expect(result).toMatchObject({ hardware: false, fellBack: true, slowSeek: false });
    expect(
      deps.logger.entries.some((e) => e.level === 'warn' && e.message.includes('redoing it in software')),
    ).toBe(true);
    expect(run.calls.some((a) => a.includes('-vaapi_device'))).toBe(true);
    expect(run.calls.at(-1)).toContain('concat');
    expect((await probeOutput(output)).duration).toBeGreaterThan(8.9);
    expect(await screenshots()).toEqual(['a0a0a0a0a0a0a0a0.mp4']);
  }, 120_000);

  it('auto with the real ffmpeg and no VAAPI device on this machine also falls back', async () => {
    const output = previewPath(gen, 'a1a1a1a1a1a1a1a1');
    const result = await runPreview(await plan('clip3_short.mp4'), realDeps(), {
      output,
      encoder: vaapi(false),
    });
    expect(result).toMatchObject({ hardware: false, fellBack: true });
    expect(await screenshots()).toContain('a1a1a1a1a1a1a1a1.mp4');
  }, 120_000);

  it('required: the step fails with HwAccelUnavailableError and leaves nothing', async () => {
    const before = await screenshots();
    const dirsBefore = await workDirs();
    const deps = realDeps({ ffmpeg: NO_VAAPI });
    const error = await runPreview(await plan('clip12_noaudio.mp4'), deps, {
      output: previewPath(gen, 'a2a2a2a2a2a2a2a2'),
      encoder: vaapi(true),
    }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HwAccelUnavailableError);
    expect((error as HwAccelUnavailableError).message).toMatch(
      /"vaapi" is required.*renderD128.*Device creation failed/s,
    );
    expect((error as Error).cause).toBeInstanceOf(FfmpegError);
    expect(await screenshots()).toEqual(before);
    expect(await workDirs()).toEqual(dirsBefore);
  }, 120_000);

  it('detection through the fake ffmpeg marks VAAPI failed, so auto resolves to software and vaapi throws', async () => {
    const caps = await detectHwCapabilities({
      run: runProcess,
      ffmpeg: NO_VAAPI,
      devDir: fakeDev,
      backends: ['vaapi'],
    });
    expect(caps).toEqual([
      expect.objectContaining({ backend: 'vaapi', passed: false, reason: 'Device creation failed: -22.' }),
    ]);
    expect(resolveEncoder('auto', caps)).toEqual({ kind: 'software' });
    expect(() => resolveEncoder('vaapi', caps)).toThrow(HwAccelUnavailableError);
    const ok = await detectHwCapabilities({
      run: runProcess,
      ffmpeg: join(BIN, 'ffmpeg-ok'),
      devDir: fakeDev,
      backends: ['vaapi'],
    });
    expect(ok[0]?.passed).toBe(true);
  }, 60_000);

  it('a hanging test encode counts as unavailable after its timeout', async () => {
    const caps = await detectHwCapabilities({
      run: runProcess,
      ffmpeg: HANG,
      devDir: fakeDev,
      backends: ['vaapi'],
      timeoutMs: 500,
    });
    expect(caps[0]).toMatchObject({ passed: false, reason: 'test encode timed out' });
  }, 30_000);
});

describe('hangs, timeouts and cancellation', () => {
  const hangDeps = () => realDeps({ ffmpeg: HANG, timeoutMs: 700, killGraceMs: 300 });

  it.each([
    ['single chunk (writes the atomic temp itself)', 'clip3_short.mp4'],
    ['12 chunks + concat', 'clip30_720p.mp4'],
  ] as const)(
    'a hanging ffmpeg is killed at the timeout: %s',
    async (_, name) => {
      const before = await screenshots();
      const dirsBefore = await workDirs();
      const error = await runPreview(await plan(name), hangDeps(), {
        output: previewPath(gen, 'b0b0b0b0b0b0b0b0'),
        encoder: { kind: 'software' },
      }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(FfmpegError);
      // Killed by our timeout, not cancelled; the fake ignores SIGTERM, so none left running means
      // the escalation to SIGKILL ended each one (asserted, not timed: a busy machine is slower).
      expect(error as FfmpegError).toMatchObject({ timedOut: true, isCanceled: false });
      expect(hangingChildren()).toEqual([]);
      expect(await screenshots()).toEqual(before);
      expect(await workDirs()).toEqual(dirsBefore);
    },
    60_000,
  );

  it('a hanging cover grab is killed and its temp dir removed', async () => {
    const dirsBefore = await workDirs();
    const error = await runCover(planCover(await fixture('clip3_short.mp4'), 3), hangDeps()).catch(
      (e: unknown) => e,
    );
    expect((error as FfmpegError).timedOut).toBe(true);
    expect(await workDirs()).toEqual(dirsBefore);
  }, 30_000);

  it('cancelling a running preview stops it and leaves nothing', async () => {
    const before = await screenshots();
    const dirsBefore = await workDirs();
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 400);
    const error = await runPreview(await plan('clip30_720p.mp4'), realDeps({ signal: controller.signal }), {
      output: previewPath(gen, 'b1b1b1b1b1b1b1b1'),
      encoder: vaapi(false),
    }).catch((e: unknown) => e);
    expect((error as FfmpegError).isCanceled).toBe(true);
    expect(await screenshots()).toEqual(before);
    expect(await workDirs()).toEqual(dirsBefore);
  }, 60_000);
});
