// Real ffmpeg: a marker's mp4 (≤ 20 s clip), webp (5 s) and full-width jpg land at
// markers/<hash>/<int seconds>.*, published atomically with nothing else left.
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { planMarkerMedia } from '../../../src/generators/marker-plan.js';
import { runMarkerMedia } from '../../../src/generators/marker.js';
import { probeOutput, realDeps } from './deps.js';
import { fixture } from './fixtures.js';

let gen: string;
beforeAll(async () => {
  gen = await mkdtemp(join(tmpdir(), 'marker-gen-'));
});
afterAll(async () => rm(gen, { recursive: true, force: true }));

describe('marker media', () => {
  it('makes the clip, the webp and the screenshot', async () => {
    const input = await fixture('clip30_720p.mp4');
    const plan = planMarkerMedia(
      input,
      gen,
      'fedcba9876543210',
      { seconds: 5.6, endSeconds: 9.1 },
      { audio: true, videoWidth: 1280 },
    );
    expect(await runMarkerMedia(plan, realDeps())).toEqual(['video', 'webp', 'screenshot']);
    expect((await readdir(join(gen, 'markers', 'fedcba9876543210'))).sort()).toEqual([
      '5.jpg',
      '5.mp4',
      '5.webp',
    ]);
    const clip = await probeOutput(plan.paths.video);
    expect(clip.duration).toBeGreaterThan(3.4);
    expect(clip.duration).toBeLessThan(3.7);
    expect([clip.streams.sort(), clip.width, clip.height]).toEqual([['aac', 'h264'], 640, 360]);
    const shot = await sharp(plan.paths.screenshot).metadata();
    expect([shot.format, shot.width, shot.height]).toEqual(['jpeg', 1280, 720]);
    expect((await sharp(plan.paths.webp).metadata()).format).toBe('webp');
  }, 180_000);

  it('makes only what is asked for', async () => {
    const plan = planMarkerMedia(
      await fixture('clip12_noaudio.mp4'),
      gen,
      'fedcba9876543210',
      { seconds: 0, endSeconds: null },
      { audio: false, videoWidth: 640 },
    );
    expect(await runMarkerMedia(plan, realDeps(), ['screenshot'])).toEqual(['screenshot']);
    expect(
      (await readdir(join(gen, 'markers', 'fedcba9876543210'))).filter((n) => n.startsWith('0')),
    ).toEqual(['0.jpg']);
  }, 60_000);
});
