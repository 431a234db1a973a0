// `phashvaapi probe` for real: on this machine (no GPU: says so, software path working) and, through
// the fake ffmpeg whose VAAPI is broken, on a fake render node (the failure and its reason listed).
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  probeHardware,
  formatProbeReport,
  type ProbeReport,
} from '../../../src/media/hwaccel/probe-report.js';
import { listRenderNodes } from '../../../src/media/hwaccel/detect.js';
import { runProcess } from '../../../src/media/run-process.js';
import { runCli } from '../../helpers/cli.js';
import { REPO_ROOT } from '../../helpers/shared.js';

const NO_VAAPI = join(REPO_ROOT, 'test', 'fixtures', 'bin', 'ffmpeg-no-vaapi');

describe('phashvaapi probe', () => {
  it('reports this machine: its devices, and the software path tested and working', async () => {
    const nodes = await listRenderNodes();
    const text = await runCli(['probe']);
    expect(text.exitCode).toBe(0);
    expect(text.stdout).toMatch(/^ffmpeg: ffmpeg \(ffmpeg version /);
    for (const codec of ['libx264', 'libx265'])
      expect(text.stdout).toMatch(new RegExp(`encode ${codec} +software +ok`));
    for (const codec of ['h264', 'hevc'])
      expect(text.stdout).toMatch(new RegExp(`decode ${codec} +software +ok`));
    expect(text.stdout).toMatch(/software path: working/);
    if (nodes.length === 0) {
      expect(text.stdout).toMatch(/render devices: none found/);
      expect(text.stdout).toMatch(/hardware preview encode: none/);
    }
    const json = await runCli(['probe', '--json']);
    expect(json.exitCode).toBe(0);
    const report = JSON.parse(json.stdout) as ProbeReport;
    expect(report.renderDevices.map((d) => d.path)).toEqual(nodes);
    expect(report.checks.filter((c) => c.backend === 'software').every((c) => c.passed)).toBe(true);
  }, 120_000);

  it("a render node whose VAAPI is broken: each VAAPI run fails with ffmpeg's reason, software still works", async () => {
    const dev = await mkdtemp(join(tmpdir(), 'probe-fake-dev-'));
    try {
      await mkdir(join(dev, 'dri'));
      await writeFile(join(dev, 'dri', 'renderD128'), '');
      const report = await probeHardware({
        run: runProcess,
        ffmpeg: NO_VAAPI,
        devDir: dev,
        drmSysDir: join(dev, 'sys'),
      });
      const vaapi = report.checks.filter((c) => c.backend === 'vaapi');
      expect(vaapi.map((c) => [c.what, c.codec])).toEqual([
        ['encode', 'h264_vaapi'],
        ['decode', 'h264'],
        ['decode', 'hevc'],
      ]);
      expect(vaapi.every((c) => !c.passed && c.reason !== '' && c.reason !== 'ok')).toBe(true);
      expect(vaapi[0]!.reason).toBe('Device creation failed: -22.');
      expect(report.checks.filter((c) => c.backend === 'software').every((c) => c.passed)).toBe(true);
      const text = formatProbeReport(report);
      expect(text).toMatch(/encode h264_vaapi +vaapi on .*renderD128 +FAILED: Device creation failed: -22\./);
      expect(text).toMatch(/hardware preview encode: none passed its test run/);
    } finally {
      await rm(dev, { recursive: true, force: true });
    }
  }, 120_000);
});
