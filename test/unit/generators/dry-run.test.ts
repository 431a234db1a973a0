import { describe, expect, it } from 'vitest';
import {
  describeCover,
  describeMarker,
  describePreview,
  describePreviewWebp,
  describeSprite,
} from '../../../src/generators/dry-run.js';
import { planCover } from '../../../src/generators/cover.js';
import { planMarkerMedia } from '../../../src/generators/marker-plan.js';
import { planPreview } from '../../../src/generators/preview-plan.js';
import { resolvePreviewSettings } from '../../../src/generators/preview-settings.js';
import { planSprite } from '../../../src/generators/sprite-plan.js';
import { SOFTWARE_ENCODER } from '../../../src/media/hwaccel/types.js';
import { vaapiChain } from '../../../src/media/hwaccel/vaapi.js';
import type { VideoInfo } from '../../../src/media/probe.js';

const video: VideoInfo = {
  path: "/v/it's here.mp4",
  fileDuration: 30,
  videoStreamDuration: 30,
  frameRate: 30,
  frameCount: 900,
  width: 1280,
  height: 720,
  videoCodec: 'h264',
  audioCodec: 'aac',
  formatName: 'mp4',
};

describe('dry-run lines', () => {
  it('quote paths shell-safely', () => {
    const [line] = describeCover(planCover(video.path, 30), 'ffmpeg');
    expect(line).toMatch(
      /^ffmpeg -v error -y -ss 6 -i '\/v\/it'\\''s here\.mp4' -frames:v 1 -q:v 2 -f image2 \S+cover\.jpg$/,
    );
  });

  it('show every preview chunk, the concat list and the rename', () => {
    const lines = describePreview(
      planPreview(video, resolvePreviewSettings()),
      'ffmpeg',
      '/g/screenshots/h.mp4',
      SOFTWARE_ENCODER,
    );
    expect(lines).toHaveLength(12 + 3);
    expect(lines[0]).toContain('-xerror -i');
    expect(lines[12]).toContain("file 'chunk-000.mp4'");
    expect(lines[13]).toMatch(/-f concat .* \/g\/screenshots\/\.phashvaapi-[0-9a-f]+\.tmp\.mp4$/);
    expect(lines[14]).toBe('# then rename to /g/screenshots/h.mp4');
    const hw = describePreview(planPreview(video, resolvePreviewSettings()), 'ffmpeg', '/o.mp4', {
      kind: 'hardware',
      chain: vaapiChain('/dev/dri/renderD128'),
      required: false,
    });
    expect(hw[0]).toContain('-vaapi_device /dev/dri/renderD128');
  });

  it('show the sprite batches, the webp and marker commands', () => {
    const sprite = describeSprite(
      planSprite({ video, countedFrameCount: null, decodedFrameInfo: null }),
      'ffmpeg',
      2,
      0,
    );
    expect(sprite).toHaveLength(11);
    expect(describePreviewWebp('/g/h.mp4', '/g/h.webp', resolvePreviewSettings(), 'ffmpeg')[0]).toContain(
      '-c:v libwebp',
    );
    const marker = planMarkerMedia(
      video.path,
      '/g',
      'h'.repeat(16),
      { seconds: 3, endSeconds: null },
      { audio: true, videoWidth: 1280 },
    );
    expect(
      describeMarker(marker, 'ffmpeg').map((l) =>
        l
          .split(' ')
          .at(-1)!
          .replace(/\.phashvaapi-[0-9a-f]+\.tmp/, 'T'),
      ),
    ).toEqual([
      '/g/markers/hhhhhhhhhhhhhhhh/T.mp4',
      '/g/markers/hhhhhhhhhhhhhhhh/T.webp',
      '/g/markers/hhhhhhhhhhhhhhhh/T.jpg',
    ]);
  });
});
