// The hardware report's logic with a scripted ffmpeg: which runs it makes, that a hardware decode
// cannot pass by silently falling back to software, and that every failure keeps its reason.
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegError } from '../../../src/errors.js';
import {
  buildHwDecodeArgs,
  formatProbeReport,
  probeHardware,
} from '../../../src/media/hwaccel/probe-report.js';
import type { ProcessRunner, RunOptions } from '../../../src/media/run-process.js';

function ffmpegFailure(stderrTail: string, timedOut = false): FfmpegError {
  return new FfmpegError({
    escapedCommand: 'ffmpeg …',
    exitCode: timedOut ? null : 1,
    signal: null,
    timedOut,
    isCanceled: false,
    stderrTail,
    durationMs: 1,
    reason: timedOut ? 'timed out' : 'exited with code 1',
  });
}

// ffmpeg whose VAAPI encode works on renderD128 but whose hevc hardware decode fails there,
// whose QSV cannot create a device and whose renderD129 hangs.
function scriptedFfmpeg(calls: RunOptions[]): ProcessRunner {
  return async (options) => {
    calls.push(options);
    const args = options.args.join(' ');
    const ok = {
      stdout: Buffer.from('ffmpeg version test\nmore\n'),
      stderr: '',
      durationMs: 1,
      escapedCommand: '',
    };
    if (args.includes('renderD129')) throw ffmpegFailure('', true);
    if (args.includes('qsv')) throw ffmpegFailure('x\n[AVHWDeviceContext] Device creation failed: -12.\n');
    if (args.includes('-hwaccel vaapi') && args.includes('sample-hevc'))
      throw ffmpegFailure('[hevc] No support for codec hevc profile 1.\nFailed setup for format vaapi\n');
    return ok;
  };
}

describe('probe report', () => {
  let dev: string;
  let sys: string;
  beforeAll(async () => {
    dev = await mkdtemp(join(tmpdir(), 'probe-dev-'));
    sys = await mkdtemp(join(tmpdir(), 'probe-sys-'));
    await mkdir(join(dev, 'dri'));
    for (const n of ['renderD128', 'renderD129', 'card0']) await writeFile(join(dev, 'dri', n), '');
    await mkdir(join(sys, 'renderD128', 'device'), { recursive: true });
    await symlink('../../../bus/pci/drivers/amdgpu', join(sys, 'renderD128', 'device', 'driver'));
    await writeFile(join(sys, 'renderD128', 'device', 'vendor'), '0x1002\n');
  });
  afterAll(async () => {
    await rm(dev, { recursive: true, force: true });
    await rm(sys, { recursive: true, force: true });
  });

  it('tests software, then each backend on each device, and keeps every reason', async () => {
    const calls: RunOptions[] = [];
    const report = await probeHardware({
      run: scriptedFfmpeg(calls),
      ffmpeg: 'ff',
      devDir: dev,
      drmSysDir: sys,
      timeoutMs: 777,
    });
    expect(report.ffmpegVersion).toBe('ffmpeg version test');
    expect(report.renderDevices).toEqual([
      { path: join(dev, 'dri', 'renderD128'), driver: 'amdgpu', vendor: '0x1002' },
      { path: join(dev, 'dri', 'renderD129'), driver: null, vendor: null },
    ]);
    const rows = report.checks.map((c) => [c.what, c.backend, c.device?.replace(dev, ''), c.codec, c.reason]);
    expect(rows).toEqual([
      ['encode', 'software', undefined, 'libx264', 'ok'],
      ['decode', 'software', undefined, 'h264', 'ok'],
      ['encode', 'software', undefined, 'libx265', 'ok'],
      ['decode', 'software', undefined, 'hevc', 'ok'],
      ['encode', 'vaapi', '/dri/renderD128', 'h264_vaapi', 'ok'],
      ['decode', 'vaapi', '/dri/renderD128', 'h264', 'ok'],
      ['decode', 'vaapi', '/dri/renderD128', 'hevc', 'Failed setup for format vaapi'],
      ['encode', 'vaapi', '/dri/renderD129', 'h264_vaapi', 'test encode timed out'],
      ['decode', 'vaapi', '/dri/renderD129', 'h264', 'timed out'],
      ['decode', 'vaapi', '/dri/renderD129', 'hevc', 'timed out'],
      ['encode', 'qsv', '/dri/renderD128', 'h264_qsv', '[AVHWDeviceContext] Device creation failed: -12.'],
      ['decode', 'qsv', '/dri/renderD128', 'h264', '[AVHWDeviceContext] Device creation failed: -12.'],
      ['decode', 'qsv', '/dri/renderD128', 'hevc', '[AVHWDeviceContext] Device creation failed: -12.'],
      ['encode', 'qsv', '/dri/renderD129', 'h264_qsv', 'test encode timed out'],
      ['decode', 'qsv', '/dri/renderD129', 'h264', 'timed out'],
      ['decode', 'qsv', '/dri/renderD129', 'hevc', 'timed out'],
    ]);
    expect(report.checks.every((c) => c.passed === (c.reason === 'ok'))).toBe(true);
    expect(calls.slice(1).every((c) => c.timeoutMs === 777)).toBe(true);
    const text = formatProbeReport(report);
    expect(text).toMatch(/renderD128 {2}driver amdgpu {2}vendor 0x1002/);
    expect(text).toMatch(/decode hevc .*vaapi on .*renderD128 +FAILED: Failed setup for format vaapi/);
    expect(text).toMatch(/software path: working/);
    expect(text).toMatch(/hardware preview encode: vaapi on .*renderD128 /);
  });

  it('a hardware decode must hand GPU frames to hwdownload, so a silent software fallback fails', () => {
    for (const backend of ['vaapi', 'qsv', 'nvenc'] as const) {
      const args = buildHwDecodeArgs(backend, 'D', 'h264', 's.mp4');
      expect(args[args.indexOf('-hwaccel_output_format') + 1]).toBe(backend === 'nvenc' ? 'cuda' : backend);
      expect(args[args.indexOf('-vf') + 1]).toBe('hwdownload,format=nv12');
      expect(args.indexOf('-hwaccel_output_format')).toBeLessThan(args.indexOf('-i'));
    }
  });

  it('without devices: says so, and a broken software path is reported as such', async () => {
    const broken: ProcessRunner = async (o) => {
      if (o.args.includes('-version'))
        return { stdout: Buffer.from('v\n'), stderr: '', durationMs: 1, escapedCommand: '' };
      throw ffmpegFailure("Unknown encoder 'libx265'\n");
    };
    const report = await probeHardware({ run: broken, ffmpeg: 'ff', devDir: join(dev, 'none') });
    expect(report.checks.map((c) => [c.codec, c.passed, c.reason])).toEqual([
      ['libx264', false, "Unknown encoder 'libx265'"],
      ['libx265', false, "Unknown encoder 'libx265'"],
    ]);
    const text = formatProbeReport(report);
    expect(text).toMatch(/render devices: none found/);
    expect(text).toMatch(/software path: NOT working/);
    expect(text).toMatch(/none \(no device on this machine\)/);
  });
});
