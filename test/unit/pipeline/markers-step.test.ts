// The markers step's plan: Stash's names for fractional times, only what is missing, one set of
// files per <int(seconds)>, and the mp4 on the GPU chain (at Stash's marker quality) when chosen.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pLimit from 'p-limit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';
import { planMarkerMedia } from '../../../src/generators/marker-plan.js';
import { vaapiChain } from '../../../src/media/hwaccel/vaapi.js';
import { SOFTWARE_ENCODER, type EncoderChoice } from '../../../src/media/hwaccel/types.js';
import { silentLogger } from '../../../src/observability/logger.js';
import type { WorkerContext } from '../../../src/pipeline/context.js';
import { buildHwMarkerVideoArgs, markersStep } from '../../../src/pipeline/steps/markers-step.js';
import type { StashConfiguration, WorkScene } from '../../../src/stash/api.js';

const HASH = '00112233445566aa';
let gen: string;
beforeAll(async () => {
  gen = await mkdtemp(join(tmpdir(), 'markers-step-'));
});
afterAll(() => rm(gen, { recursive: true, force: true }));

function ctx(encoder: EncoderChoice, force = false): WorkerContext {
  const { config } = resolveConfig({ argv: { force, hwaccel: 'off' }, env: {}, file: null });
  return {
    config,
    client: null as never,
    logger: silentLogger,
    run: () => Promise.reject(new Error('no ffmpeg in a plan')),
    cpuLimit: pLimit(1),
    stash: { previewAudio: false } as StashConfiguration,
    generatedDir: gen,
    signal: new AbortController().signal,
    encoder: () => Promise.resolve(encoder),
    fence: () => Promise.reject(new Error('no writes')),
  };
}

function scene(seconds: number[]): WorkScene {
  return {
    id: '5',
    title: 't',
    files: [
      { path: '/media/v.mp4', width: 1280, duration: 60, fingerprints: [{ type: 'oshash', value: HASH }] },
    ],
    scene_markers: seconds.map((s, i) => ({
      id: String(i + 1),
      seconds: s,
      title: `m${i}`,
      primary_tag: { id: '1', name: 'x' },
    })),
  } as unknown as WorkScene;
}

describe('markers step', () => {
  it("plans Stash's three files per marker at markers/<hash>/<int(seconds)>, skipping what exists", async () => {
    const dir = join(gen, 'markers', HASH);
    await mkdir(dir, { recursive: true });
    await writeFile(join(dir, '3.jpg'), 'x');
    const plan = await markersStep.plan(scene([3.75, 3.2, 61.999, 0]), ctx(SOFTWARE_ENCODER));
    expect(plan).not.toBeNull();
    const outputs = plan!.commands.map((c) => c.split(' ').at(-1));
    expect(outputs).toEqual([
      join(dir, '3.mp4'),
      join(dir, '3.webp'),
      join(dir, '61.mp4'),
      join(dir, '61.webp'),
      join(dir, '61.jpg'),
      join(dir, '0.mp4'),
      join(dir, '0.webp'),
      join(dir, '0.jpg'),
    ]);
    // Stash's seek is the marker's own time; no end_seconds (v0.24.3), so 20 s clips; no audio here.
    expect(plan!.commands[0]).toContain('-ss 3.75 -i /media/v.mp4 -t 20 ');
    expect(plan!.commands[0]).toContain('-c:v libx264');
    expect(plan!.commands[0]).toContain(' -an ');
    expect(plan!.commands[4]).toContain('-vf scale=1280:-2');
    const forced = await markersStep.plan(scene([3.75]), ctx(SOFTWARE_ENCODER, true));
    expect(forced!.commands).toHaveLength(3);
    expect(await markersStep.plan(scene([]), ctx(SOFTWARE_ENCODER))).toBeNull();
  });

  it('encodes the mp4 through the chosen hardware chain at the marker quality; webp and jpg stay software', async () => {
    const hw: EncoderChoice = { kind: 'hardware', chain: vaapiChain('/dev/dri/renderD128'), required: false };
    const plan = await markersStep.plan(scene([12.5]), ctx(hw));
    expect(plan!.summary).toContain('mp4 on vaapi');
    expect(plan!.commands[0]).toMatch(
      /-v error -y -vaapi_device \/dev\/dri\/renderD128 -ss 12\.5 -i \/media\/v\.mp4 -t 20 -max_muxing_queue_size 1024 -c:v h264_vaapi -vf format=nv12,hwupload,scale_vaapi=w=640:h=-2 -qp 24 -movflags \+faststart -an /,
    );
    expect(plan!.commands[1]).toContain('-c:v libwebp');
    expect(plan!.commands[2]).toContain('-q:v 2');
  });

  it('hardware argv keeps audio like Stash (aac 64k) when previews have audio', () => {
    const p = planMarkerMedia(
      '/in.mp4',
      '/g',
      HASH,
      { seconds: 0, endSeconds: null },
      { audio: true, videoWidth: 640 },
    );
    const args = buildHwMarkerVideoArgs(p, '/out.mp4', vaapiChain('/dev/dri/renderD129', { quality: 24 }));
    expect(args.slice(0, 6)).toEqual(['-v', 'error', '-y', '-vaapi_device', '/dev/dri/renderD129', '-i']);
    expect(args.slice(-5)).toEqual(['-c:a', 'aac', '-b:a', '64k', '/out.mp4']);
  });
});
