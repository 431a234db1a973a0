import { describe, expect, it } from 'vitest';
import {
  buildFrameInfoDecodeArgs,
  frameInfoNeedsDecode,
  needsSlowSeek,
  parseFrameInfoDecode,
  planSprite,
  spriteBatchCommands,
} from '../../../src/generators/sprite-plan.js';
import { MediaError } from '../../../src/errors.js';
import type { VideoInfo } from '../../../src/media/probe.js';
import { buildFrameSelectArgs, buildScreenshotArgs } from '../../../src/media/screenshot-args.js';

function video(over: Partial<VideoInfo>): VideoInfo {
  return {
    path: '/v/in.mp4',
    fileDuration: 30,
    videoStreamDuration: 30,
    frameRate: 30,
    frameCount: 900,
    width: 1280,
    height: 720,
    videoCodec: 'h264',
    audioCodec: 'aac',
    formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    ...over,
  };
}
const plain = (v: VideoInfo) => ({ video: v, countedFrameCount: null, decodedFrameInfo: null });

describe('needsSlowSeek', () => {
  it('is true under 5 s or with a known count of at most 81 frames', () => {
    expect(needsSlowSeek(video({ videoStreamDuration: 4.99 }))).toBe(true);
    expect(needsSlowSeek(video({ videoStreamDuration: 5 }))).toBe(false);
    expect(needsSlowSeek(video({ frameCount: 81 }))).toBe(true);
    expect(needsSlowSeek(video({ frameCount: 82 }))).toBe(false);
    expect(needsSlowSeek(video({ frameCount: 0 }))).toBe(false);
  });
});

describe('planSprite, normal mode', () => {
  it('seeks i*(d/81) with Stash’s command and steps the VTT by floor(nb_frames/81)/fps', () => {
    const plan = planSprite(plain(video({})));
    expect(plan.mode).toBe('normal');
    expect(plan.seconds).toHaveLength(81);
    expect(plan.seconds[0]).toBe(0);
    expect(plan.seconds[1]).toBe(30 / 81);
    expect(plan.seconds[80]).toBe(80 * (30 / 81));
    expect(plan.frameCommands[3]).toEqual(buildScreenshotArgs('/v/in.mp4', 3 * (30 / 81)));
    expect(plan.frameCommands[0]).toContain('0'); // -ss 0 for the first tile
    expect(plan.vttStepSeconds).toBe(11 / 30);
  });

  it('falls back to int(fps*duration) when nb_frames is absent (mkv, webm)', () => {
    const plan = planSprite(plain(video({ frameCount: 0, videoStreamDuration: 7.333, frameRate: 29.97 })));
    expect(plan.vttStepSeconds).toBe(Math.trunc(Math.trunc(29.97 * 7.333) / 81) / 29.97);
    expect(frameInfoNeedsDecode(video({ frameCount: 0 }))).toBe(false);
  });

  it('uses the decode pass only when the count or rate is still unknown', () => {
    const v = video({ frameRate: 0, frameCount: 0 });
    expect(frameInfoNeedsDecode(v)).toBe(true);
    const plan = planSprite({
      video: v,
      countedFrameCount: null,
      decodedFrameInfo: { numberOfFrames: 810, frameRate: 27 },
    });
    expect(plan.vttStepSeconds).toBe(10 / 27);
    // Without the decode result Stash carries on with 0 fps: every cue prints 00:00:00.000
    expect(planSprite(plain(v)).vttStepSeconds).toBeNaN();
  });

  it('prints the batches the fast path runs', () => {
    const plan = planSprite(plain(video({})));
    const batches = spriteBatchCommands(plan, 2, '/w', 1);
    expect(batches).toHaveLength(11);
    expect(batches.flat().filter((a) => a === '-ss')).toHaveLength(81);
    expect(batches[0]).toContain('0:1');
    // No certain stream: Stash's own per-frame commands are what runs.
    expect(spriteBatchCommands(plan, 2, '/w', null)).toEqual(plan.frameCommands);
  });
});

describe('planSprite, slow-seek mode', () => {
  it('picks round(i*(n-1)/81) frames (half away from zero) and steps ((n-1)/81)/fps', () => {
    const plan = planSprite({
      video: video({ videoStreamDuration: 2, frameCount: 120, frameRate: 60 }),
      countedFrameCount: 120,
      decodedFrameInfo: null,
    });
    expect(plan.mode).toBe('slow-seek');
    expect(plan.frames[0]).toBe(0);
    expect(plan.frames[1]).toBe(1); // 1.469
    expect(plan.frames[80]).toBe(118); // 117.53
    expect(plan.frameCommands[80]).toEqual(buildFrameSelectArgs('/v/in.mp4', 118));
    expect(plan.vttStepSeconds).toBe(119 / 81 / 60);
  });

  it('uses the counted frame count over nb_frames', () => {
    const plan = planSprite({
      video: video({ videoStreamDuration: 0.5, frameCount: 20 }),
      countedFrameCount: 16,
      decodedFrameInfo: null,
    });
    expect(plan.frames[80]).toBe(Math.round((80 * 15) / 81));
    expect(plan.vttStepSeconds).toBe(15 / 81 / 30);
    expect(new Set(plan.frames).size).toBe(16);
  });

  it('refuses a non-positive duration like Stash', () => {
    expect(() => planSprite(plain(video({ videoStreamDuration: 0 })))).toThrow(MediaError);
    expect(() => planSprite(plain(video({ videoStreamDuration: 0 })))).toThrow(
      /invalid, skipping sprite creation/,
    );
  });
});

describe("Stash's decode pass", () => {
  it('has Stash’s argv and reads the first frame= and time=', () => {
    expect(buildFrameInfoDecodeArgs('/a.mkv')).toEqual([
      '-nostats',
      '-i',
      '/a.mkv',
      '-c:v',
      'copy',
      '-f',
      'rawvideo',
      '-y',
      '/dev/null',
    ]);
    const stderr =
      'Press [q] to stop\nframe=   75 fps=0.0 q=-1.0 Lsize=     100kB time=00:00:02.92 bitrate= 280.2kbits/s\n';
    expect(parseFrameInfoDecode(stderr)).toEqual({ numberOfFrames: 75, frameRate: 25.68 });
    expect(parseFrameInfoDecode('nothing')).toEqual({ numberOfFrames: 0, frameRate: NaN });
  });
});
