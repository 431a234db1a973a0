// Golden argv from docs/stash-spec.md §3.3 (marker paragraph) and stash marker_preview.go.
import { describe, expect, it } from 'vitest';
import {
  buildMarkerScreenshotArgs,
  buildMarkerVideoArgs,
  buildMarkerWebpArgs,
  planMarkerMedia,
} from '../../../src/generators/marker-plan.js';

const plan = (seconds: number, endSeconds: number | null, audio = true) =>
  planMarkerMedia(
    '/v/in.mp4',
    '/g',
    '0123456789abcdef',
    { seconds, endSeconds },
    { audio, videoWidth: 1280 },
  );

describe('planMarkerMedia', () => {
  it('clips at min(20, end - start) and names files after int(seconds)', () => {
    expect(plan(12.7, null)).toMatchObject({
      videoDuration: 20,
      paths: { video: '/g/markers/0123456789abcdef/12.mp4' },
    });
    expect(plan(12.7, 20.2).videoDuration).toBeCloseTo(7.5, 12);
    expect(plan(10, 45).videoDuration).toBe(20);
    expect(plan(10, 10).videoDuration).toBe(20);
  });
});

describe('marker argv', () => {
  it('mp4: veryslow crf 24 faststart lanczos, aac 64k', () => {
    expect(buildMarkerVideoArgs(plan(12.5, 20), '/o.mp4')).toEqual([
      '-v',
      'error',
      '-y',
      '-ss',
      '12.5',
      '-i',
      '/v/in.mp4',
      '-t',
      '7.5',
      '-max_muxing_queue_size',
      '1024',
      '-c:v',
      'libx264',
      '-vf',
      'scale=640:-2',
      '-pix_fmt',
      'yuv420p',
      '-profile:v',
      'high',
      '-level',
      '4.2',
      '-preset',
      'veryslow',
      '-crf',
      '24',
      '-movflags',
      '+faststart',
      '-threads',
      '4',
      '-sws_flags',
      'lanczos',
      '-strict',
      '-2',
      '-c:a',
      'aac',
      '-b:a',
      '64k',
      '/o.mp4',
    ]);
  });

  it('mp4 at 0 s without audio: no -ss, -an', () => {
    const args = buildMarkerVideoArgs(plan(0, null, false), '/o.mp4');
    expect(args.slice(0, 7)).toEqual(['-v', 'error', '-y', '-i', '/v/in.mp4', '-t', '20']);
    expect(args.slice(-2)).toEqual(['-an', '/o.mp4']);
  });

  it('webp: a 5 s clip at 12 fps', () => {
    expect(buildMarkerWebpArgs(plan(3, null), '/o.webp')).toEqual([
      '-v',
      'error',
      '-y',
      '-ss',
      '3',
      '-i',
      '/v/in.mp4',
      '-t',
      '5',
      '-max_muxing_queue_size',
      '1024',
      '-c:v',
      'libwebp',
      '-vf',
      'scale=640:-2,fps=12',
      '-lossless',
      '1',
      '-q:v',
      '70',
      '-compression_level',
      '6',
      '-preset',
      'default',
      '-loop',
      '0',
      '-threads',
      '4',
      '-an',
      '/o.webp',
    ]);
  });

  it('screenshot: full video width, q:v 2, image2, -ss even at 0', () => {
    expect(buildMarkerScreenshotArgs(plan(0, null), '/o.jpg')).toEqual([
      '-v',
      'error',
      '-y',
      '-ss',
      '0',
      '-i',
      '/v/in.mp4',
      '-frames:v',
      '1',
      '-q:v',
      '2',
      '-vf',
      'scale=1280:-2',
      '-f',
      'image2',
      '/o.jpg',
    ]);
  });
});
