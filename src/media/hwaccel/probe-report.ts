// `phashvaapi probe`: what hardware this machine has and what ffmpeg can really do with it. Every
// claim is a real short run (an encode of a synthetic source, a decode of a sample made here), never
// a guess from `ffmpeg -encoders`; each failure keeps ffmpeg's own reason. The software path (what
// every frame grab and a software preview use) is tested the same way, so a machine without a GPU
// gets a report that says so and still shows what works.
import { mkdtemp, readFile, readlink, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import type { ProcessRunner } from '../run-process.js';
import {
  detectHwCapabilities,
  DEFAULT_HW_TEST_TIMEOUT_MS,
  listCandidates,
  listRenderNodes,
} from './detect.js';
import { HW_BACKENDS, type HwBackend } from './types.js';

export interface RenderDevice {
  path: string;
  /** Kernel driver bound to the node's PCI device (i915, xe, amdgpu, nouveau, nvidia…), if known. */
  driver: string | null;
  /** PCI vendor id (0x8086 Intel, 0x1002 AMD, 0x10de NVIDIA), if known. */
  vendor: string | null;
}

export interface ProbeCheck {
  what: 'encode' | 'decode';
  backend: HwBackend | 'software';
  /** Render node or GPU index; null for software. */
  device: string | null;
  /** Encoder name, or the codec decoded. */
  codec: string;
  passed: boolean;
  /** `ok`, or why the run failed (ffmpeg's last stderr line, a timeout, …). */
  reason: string;
}

export interface ProbeReport {
  ffmpeg: string;
  /** First line of `ffmpeg -version`, or why it could not run. */
  ffmpegVersion: string;
  renderDevices: RenderDevice[];
  nvidiaGpus: string[];
  checks: ProbeCheck[];
}

export interface ProbeOptions {
  run: ProcessRunner;
  ffmpeg: string;
  /** @default '/dev' */
  devDir?: string;
  /** Where the kernel describes DRM nodes. @default '/sys/class/drm' */
  drmSysDir?: string;
  /** Per test run. @default 10000 */
  timeoutMs?: number;
  signal?: AbortSignal;
}

// The codecs a library is mostly made of; each sample is decoded by every hardware backend.
const DECODE_SAMPLES = [
  { codec: 'h264', encoder: 'libx264', file: 'sample-h264.mp4' },
  { codec: 'hevc', encoder: 'libx265', file: 'sample-hevc.mp4' },
] as const;

// Input options that make ffmpeg decode on `backend`. Frames stay on the GPU, and the filter
// `hwdownload` then needs GPU frames: if ffmpeg quietly fell back to software decoding, the run
// fails instead of passing (ffmpeg 5.1 falls back with only a warning).
export function buildHwDecodeArgs(
  backend: HwBackend,
  device: string,
  codec: string,
  sample: string,
): string[] {
  const input: Record<HwBackend, string[]> = {
    vaapi: ['-hwaccel', 'vaapi', '-hwaccel_device', device, '-hwaccel_output_format', 'vaapi'],
    qsv: [
      '-init_hw_device',
      `qsv=qs:hw,child_device=${device}`,
      '-hwaccel',
      'qsv',
      '-hwaccel_output_format',
      'qsv',
      '-c:v',
      `${codec}_qsv`,
    ],
    nvenc: ['-hwaccel', 'cuda', '-hwaccel_device', device, '-hwaccel_output_format', 'cuda'],
  };
  // prettier-ignore
  return [
    '-hide_banner', '-v', 'error', ...input[backend], '-i', sample,
    '-vf', 'hwdownload,format=nv12', '-f', 'null', '-',
  ];
}

// A 0.5 s 320×240 sample of `codec`, made with the software encoder (which is itself a check).
export function buildSampleArgs(encoder: string, output: string): string[] {
  // prettier-ignore
  return [
    '-hide_banner', '-v', 'error', '-y', '-f', 'lavfi', '-i', 'testsrc2=s=320x240:d=0.5',
    '-c:v', encoder, ...(encoder === 'libx265' ? ['-x265-params', 'log-level=error'] : []),
    '-pix_fmt', 'yuv420p', output,
  ];
}

// Software decode of a sample, as every frame grab does it.
export function buildSoftwareDecodeArgs(sample: string): string[] {
  return ['-hide_banner', '-v', 'error', '-threads', '1', '-i', sample, '-f', 'null', '-'];
}

// Why a run failed, in one line: a timeout, ffmpeg's last stderr line, or the error's first line.
export function failureReason(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fields = error as Error & { timedOut?: boolean; stderrTail?: string };
  if (fields.timedOut) return 'timed out';
  const lines = (fields.stderrTail ?? '').split('\n').filter((l) => l.trim());
  return lines.at(-1)?.trim() ?? error.message.split('\n')[0] ?? 'failed';
}

async function readDevice(path: string, drmSysDir: string): Promise<RenderDevice> {
  const sys = join(drmSysDir, basename(path), 'device');
  const driver = await readlink(join(sys, 'driver')).then(
    (target) => basename(target),
    () => null,
  );
  const vendor = await readFile(join(sys, 'vendor'), 'utf8').then(
    (text) => text.trim() || null,
    () => null,
  );
  return { path, driver, vendor };
}

// Runs every check and returns the report; never throws for a failed check (only on abort).
export async function probeHardware(options: ProbeOptions): Promise<ProbeReport> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_HW_TEST_TIMEOUT_MS;
  const attempt = async (args: string[]): Promise<string> => {
    try {
      await options.run({
        bin: options.ffmpeg,
        args,
        stdout: 'ignore',
        signal: options.signal,
        timeoutMs,
        killGraceMs: 1000,
      });
      return 'ok';
    } catch (error) {
      if (options.signal?.aborted) throw error;
      return failureReason(error);
    }
  };
  const ffmpegVersion = await options
    .run({ bin: options.ffmpeg, args: ['-hide_banner', '-version'], signal: options.signal, timeoutMs })
    .then(
      (r) => r.stdout.toString('utf8').split('\n')[0]?.trim() ?? '',
      (error: unknown) => `cannot run ${options.ffmpeg}: ${failureReason(error)}`,
    );
  const nodes = await listRenderNodes(options.devDir);
  const renderDevices = await Promise.all(
    nodes.map((n) => readDevice(n, options.drmSysDir ?? '/sys/class/drm')),
  );
  const nvidiaGpus = await listCandidates('nvenc', options.devDir);
  const checks: ProbeCheck[] = [];
  const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-probe-'));
  try {
    // Software first: the samples the hardware decoders read are made by the software encoders.
    const samples: { codec: string; path: string }[] = [];
    for (const s of DECODE_SAMPLES) {
      const path = join(dir, s.file);
      const reason = await attempt(buildSampleArgs(s.encoder, path));
      checks.push({
        what: 'encode',
        backend: 'software',
        device: null,
        codec: s.encoder,
        passed: reason === 'ok',
        reason,
      });
      if (reason !== 'ok') continue;
      const decoded = await attempt(buildSoftwareDecodeArgs(path));
      checks.push({
        what: 'decode',
        backend: 'software',
        device: null,
        codec: s.codec,
        passed: decoded === 'ok',
        reason: decoded,
      });
      samples.push({ codec: s.codec, path });
    }
    const encodes = await detectHwCapabilities({
      run: options.run,
      ffmpeg: options.ffmpeg,
      devDir: options.devDir,
      timeoutMs,
      signal: options.signal,
    });
    for (const backend of HW_BACKENDS) {
      for (const device of await listCandidates(backend, options.devDir)) {
        for (const e of encodes.filter((c) => c.backend === backend && c.device === device))
          checks.push({
            what: 'encode',
            backend,
            device,
            codec: e.encoder,
            passed: e.passed,
            reason: e.reason,
          });
        for (const s of samples) {
          const reason = await attempt(buildHwDecodeArgs(backend, device, s.codec, s.path));
          checks.push({ what: 'decode', backend, device, codec: s.codec, passed: reason === 'ok', reason });
        }
      }
    }
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  return { ffmpeg: options.ffmpeg, ffmpegVersion, renderDevices, nvidiaGpus, checks };
}

// The report as text: devices, then one line per check with its reason, then what a worker uses.
export function formatProbeReport(report: ProbeReport): string {
  const lines = [`ffmpeg: ${report.ffmpeg} (${report.ffmpegVersion})`];
  if (report.renderDevices.length === 0) lines.push('render devices: none found (no /dev/dri/renderD*)');
  for (const d of report.renderDevices)
    lines.push(`render device: ${d.path}  driver ${d.driver ?? 'unknown'}  vendor ${d.vendor ?? 'unknown'}`);
  lines.push(
    report.nvidiaGpus.length === 0
      ? 'NVIDIA GPUs: none found (no /dev/nvidia<N>)'
      : `NVIDIA GPUs: ${report.nvidiaGpus.join(', ')}`,
  );
  lines.push('checks (each a real short run):');
  for (const c of report.checks) {
    const where = c.device === null ? c.backend : `${c.backend} on ${c.device}`;
    const status = c.passed ? 'ok' : `FAILED: ${c.reason}`;
    lines.push(`  ${c.what.padEnd(6)} ${c.codec.padEnd(10)} ${where.padEnd(30)} ${status}`);
  }
  lines.push(summarize(report));
  return `${lines.join('\n')}\n`;
}

function summarize(report: ProbeReport): string {
  const software = report.checks.filter((c) => c.backend === 'software');
  const softwareOk = software.length > 0 && software.every((c) => c.passed);
  const hwEncoders = report.checks.filter((c) => c.backend !== 'software' && c.what === 'encode' && c.passed);
  const frames = softwareOk
    ? 'software path: working (frame grabs, phash, cover, sprite and software previews)'
    : 'software path: NOT working (see the failed checks above)';
  const previews =
    hwEncoders.length > 0
      ? `hardware preview encode: ${hwEncoders.map((c) => `${c.backend} on ${c.device}`).join(', ')} (--hwaccel auto picks the first)`
      : report.renderDevices.length + report.nvidiaGpus.length === 0
        ? 'hardware preview encode: none (no device on this machine); previews encode in software'
        : 'hardware preview encode: none passed its test run; previews encode in software';
  return `${frames}\n${previews}`;
}
