import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FfmpegError } from '../../../src/errors.js';
import { buildHwChain } from '../../../src/media/hwaccel/chains.js';
import {
  buildHwTestArgs,
  createHwDetector,
  detectHwCapabilities,
  listCandidates,
  listRenderNodes,
} from '../../../src/media/hwaccel/detect.js';
import { HwAccelUnavailableError } from '../../../src/media/hwaccel/errors.js';
import { nvencChain } from '../../../src/media/hwaccel/nvenc.js';
import { qsvChain } from '../../../src/media/hwaccel/qsv.js';
import { resolveEncoder } from '../../../src/media/hwaccel/resolve.js';
import type { HwCapability } from '../../../src/media/hwaccel/types.js';
import { vaapiChain } from '../../../src/media/hwaccel/vaapi.js';
import type { ProcessRunner, RunOptions } from '../../../src/media/run-process.js';

const D128 = '/dev/dri/renderD128';

describe('chains', () => {
  it('VAAPI: device, NV12 upload then GPU scale, h264_vaapi with a constant QP', () => {
    expect(vaapiChain(D128)).toEqual({
      backend: 'vaapi',
      device: D128,
      encoder: 'h264_vaapi',
      hwDecode: false,
      inputArgs: ['-vaapi_device', D128],
      videoFilter: 'format=nv12,hwupload,scale_vaapi=w=640:h=-2',
      codecArgs: ['-qp', '21'],
    });
  });

  it('VAAPI with hardware decode keeps frames on the GPU', () => {
    const c = vaapiChain('/dev/dri/renderD129', { hwDecode: true, quality: 24, width: 320 });
    expect(c.inputArgs).toEqual([
      '-vaapi_device',
      '/dev/dri/renderD129',
      '-hwaccel',
      'vaapi',
      '-hwaccel_output_format',
      'vaapi',
    ]);
    expect(c.videoFilter).toBe('scale_vaapi=w=320:h=-2:format=nv12');
    expect(c.codecArgs).toEqual(['-qp', '24']);
  });

  it('QSV: session on the render node, software scale, upload, h264_qsv', () => {
    expect(qsvChain(D128)).toEqual({
      backend: 'qsv',
      device: D128,
      encoder: 'h264_qsv',
      hwDecode: false,
      inputArgs: ['-init_hw_device', `qsv=qs:hw,child_device=${D128}`, '-filter_hw_device', 'qs'],
      videoFilter: 'scale=640:-2,format=nv12,hwupload=extra_hw_frames=64,format=qsv',
      codecArgs: ['-global_quality', '21', '-preset', 'faster'],
    });
    expect(qsvChain(D128, { hwDecode: true }).hwDecode).toBe(false);
  });

  it('NVENC: CUDA device by index, GPU scale, constant quality', () => {
    expect(nvencChain('0')).toEqual({
      backend: 'nvenc',
      device: '0',
      encoder: 'h264_nvenc',
      hwDecode: false,
      inputArgs: ['-init_hw_device', 'cuda=cu:0', '-filter_hw_device', 'cu'],
      videoFilter: 'format=nv12,hwupload,scale_cuda=w=640:h=-2',
      codecArgs: ['-rc', 'vbr', '-cq', '21', '-b:v', '0'],
    });
    const hw = nvencChain('1', { hwDecode: true });
    expect(hw.inputArgs.slice(-4)).toEqual(['-hwaccel', 'cuda', '-hwaccel_output_format', 'cuda']);
    expect(hw.videoFilter).toBe('scale_cuda=w=640:h=-2:format=yuv420p');
  });

  it('buildHwChain dispatches by backend', () => {
    expect(buildHwChain('vaapi', D128)).toEqual(vaapiChain(D128));
    expect(buildHwChain('qsv', D128).encoder).toBe('h264_qsv');
    expect(buildHwChain('nvenc', '0').encoder).toBe('h264_nvenc');
  });

  it('the test encode runs the chain on a synthetic 720p source into the null muxer', () => {
    expect(buildHwTestArgs(vaapiChain(D128))).toEqual([
      '-hide_banner',
      '-v',
      'warning',
      '-vaapi_device',
      D128,
      '-f',
      'lavfi',
      '-i',
      'testsrc2=s=1280x720:d=0.5',
      '-c:v',
      'h264_vaapi',
      '-vf',
      'format=nv12,hwupload,scale_vaapi=w=640:h=-2',
      '-qp',
      '21',
      '-f',
      'null',
      '-',
    ]);
  });
});

const cap = (backend: HwCapability['backend'], device: string, passed: boolean): HwCapability => ({
  backend,
  device,
  encoder: buildHwChain(backend, device).encoder,
  passed,
  reason: passed ? 'ok' : 'Device creation failed',
});

describe('resolveEncoder', () => {
  const caps = [cap('vaapi', D128, false), cap('vaapi', '/dev/dri/renderD129', true), cap('qsv', D128, true)];

  it('off is always software', () => expect(resolveEncoder('off', caps)).toEqual({ kind: 'software' }));

  it('auto takes the first passing device, VAAPI first, not required', () => {
    expect(resolveEncoder('auto', caps)).toEqual({
      kind: 'hardware',
      chain: vaapiChain('/dev/dri/renderD129'),
      required: false,
    });
    expect(resolveEncoder('auto', [cap('qsv', D128, true), cap('nvenc', '0', true)])).toMatchObject({
      chain: { backend: 'qsv' },
    });
  });

  it('auto without a passing device is software', () => {
    expect(resolveEncoder('auto', [cap('vaapi', D128, false)])).toEqual({ kind: 'software' });
    expect(resolveEncoder('auto', [])).toEqual({ kind: 'software' });
  });

  it('a named backend is required', () => {
    expect(resolveEncoder('qsv', caps)).toMatchObject({
      kind: 'hardware',
      required: true,
      chain: { backend: 'qsv', device: D128 },
    });
    expect(resolveEncoder('vaapi', caps, { hwDecode: true })).toMatchObject({ chain: { hwDecode: true } });
  });

  it('a named backend that is unavailable throws HwAccelUnavailableError with every reason', () => {
    expect(() => resolveEncoder('nvenc', caps)).toThrow(HwAccelUnavailableError);
    expect(() => resolveEncoder('nvenc', caps)).toThrow(
      /"nvenc" is required but unavailable: no device found/,
    );
    const error = (() => {
      try {
        resolveEncoder('vaapi', [cap('vaapi', D128, false)]);
      } catch (e) {
        return e as HwAccelUnavailableError;
      }
    })();
    expect(error?.reasons).toEqual([`${D128}: Device creation failed`]);
  });
});

describe('detection', () => {
  let dev: string;
  beforeAll(async () => {
    dev = await mkdtemp(join(tmpdir(), 'fake-dev-'));
    await mkdir(join(dev, 'dri'));
    for (const n of ['card0', 'renderD130', 'renderD128', 'renderD129', 'renderDx'])
      await writeFile(join(dev, 'dri', n), '');
    for (const n of ['nvidia0', 'nvidiactl', 'nvidia-uvm']) await writeFile(join(dev, n), '');
  });
  afterAll(async () => rm(dev, { recursive: true, force: true }));

  it('lists every render node in numeric order and NVIDIA GPUs by index', async () => {
    expect(await listRenderNodes(dev)).toEqual(
      ['renderD128', 'renderD129', 'renderD130'].map((n) => join(dev, 'dri', n)),
    );
    expect(await listCandidates('nvenc', dev)).toEqual(['0']);
    expect(await listRenderNodes(join(dev, 'nothing'))).toEqual([]);
  });

  // A runner where only renderD129's VAAPI test passes; QSV/NVENC fail, renderD130 times out.
  function fakeRunner(calls: RunOptions[]): ProcessRunner {
    return async (options) => {
      calls.push(options);
      const args = options.args.join(' ');
      const fail = (fields: Partial<ConstructorParameters<typeof FfmpegError>[0]>) => {
        throw new FfmpegError({
          escapedCommand: 'ffmpeg …',
          exitCode: 1,
          signal: null,
          timedOut: false,
          isCanceled: false,
          stderrTail: '',
          durationMs: 1,
          reason: 'exited with code 1',
          ...fields,
        });
      };
      if (args.includes('renderD130')) fail({ timedOut: true, exitCode: null, reason: 'timed out' });
      if (args.includes('-vaapi_device') && args.includes('renderD129'))
        return { stdout: Buffer.alloc(0), stderr: '', durationMs: 1, escapedCommand: '' };
      return fail({ stderrTail: 'some detail\n[AVHWDeviceContext] Device creation failed: -22.\n' });
    };
  }

  it('runs a real test encode per backend and device, with a timeout, and keeps the reasons', async () => {
    const calls: RunOptions[] = [];
    const caps = await detectHwCapabilities({
      run: fakeRunner(calls),
      ffmpeg: 'ffmpeg',
      devDir: dev,
      timeoutMs: 1234,
    });
    expect(caps.map((c) => [c.backend, c.device.replace(dev, ''), c.passed, c.reason])).toEqual([
      ['vaapi', '/dri/renderD128', false, '[AVHWDeviceContext] Device creation failed: -22.'],
      ['vaapi', '/dri/renderD129', true, 'ok'],
      ['vaapi', '/dri/renderD130', false, 'test encode timed out'],
      ['qsv', '/dri/renderD128', false, '[AVHWDeviceContext] Device creation failed: -22.'],
      ['qsv', '/dri/renderD129', false, '[AVHWDeviceContext] Device creation failed: -22.'],
      ['qsv', '/dri/renderD130', false, 'test encode timed out'],
      ['nvenc', '0', false, '[AVHWDeviceContext] Device creation failed: -22.'],
    ]);
    expect(calls.every((c) => c.timeoutMs === 1234)).toBe(true);
    expect(calls[1]!.args).toEqual(buildHwTestArgs(vaapiChain(join(dev, 'dri', 'renderD129'))));
  });

  it('tests the encode chain even when previews will decode on the GPU', async () => {
    const calls: RunOptions[] = [];
    await detectHwCapabilities({
      run: fakeRunner(calls),
      ffmpeg: 'ffmpeg',
      devDir: dev,
      backends: ['vaapi'],
      chainOptions: { hwDecode: true },
    });
    expect(calls.every((c) => !c.args.includes('-hwaccel'))).toBe(true);
  });

  it('caches the results per detector, sharing one run between concurrent callers', async () => {
    const calls: RunOptions[] = [];
    const detector = createHwDetector({
      run: fakeRunner(calls),
      ffmpeg: 'ffmpeg',
      devDir: dev,
      backends: ['vaapi'],
    });
    const [a, b] = await Promise.all([detector.detect(), detector.detect()]);
    expect(a).toBe(b);
    await detector.detect();
    expect(calls).toHaveLength(3);
    detector.reset();
    await detector.detect();
    expect(calls).toHaveLength(6);
  });

  it('a machine without devices has no capabilities, so auto is software and vaapi is unavailable', async () => {
    const caps = await detectHwCapabilities({
      run: fakeRunner([]),
      ffmpeg: 'ffmpeg',
      devDir: join(dev, 'none'),
    });
    expect(caps).toEqual([]);
    expect(resolveEncoder('auto', caps)).toEqual({ kind: 'software' });
    expect(() => resolveEncoder('vaapi', caps)).toThrow(HwAccelUnavailableError);
  });
});
