// A file without a video stream still gets Stash's audio-only preview: the probe yields zeros,
// which make a single whole-file chunk with no -t and -vsync 2.
import { describe, expect, it } from 'vitest';
import { buildPreviewCommands, planPreview } from '../../../src/generators/preview-plan.js';
import { resolvePreviewSettings } from '../../../src/generators/preview-settings.js';
import { MediaError } from '../../../src/errors.js';
import { SOFTWARE_ENCODER } from '../../../src/media/hwaccel/types.js';
import { parseProbe } from '../../../src/media/probe.js';

const audioOnly = {
  streams: [{ codec_type: 'audio', codec_name: 'aac', duration: '10.005333' }],
  format: { duration: '10.005333', format_name: 'mov,mp4,m4a,3gp,3g2,mj2' },
};

describe('audio-only files', () => {
  it('are refused by default and read with zeros when allowed', () => {
    expect(() => parseProbe('/a.mp4', audioOnly)).toThrow(MediaError);
    expect(parseProbe('/a.mp4', audioOnly, { allowNoVideo: true })).toEqual({
      path: '/a.mp4',
      fileDuration: 10.01,
      videoStreamDuration: 0,
      frameRate: 0,
      frameCount: 0,
      width: 0,
      height: 0,
      videoCodec: '',
      audioCodec: 'aac',
      formatName: 'mov,mp4,m4a,3gp,3g2,mj2',
    });
  });

  it("plan Stash's whole-file chunk: no -t, -vsync 2", () => {
    const plan = planPreview(
      parseProbe('/a.mp4', audioOnly, { allowNoVideo: true }),
      resolvePreviewSettings(),
    );
    expect(plan).toMatchObject({ single: true, useVsync2: true, segments: [{ start: 0, duration: 0 }] });
    const [args] = buildPreviewCommands(plan, {
      workDir: '/w',
      output: '/o.mp4',
      fallback: false,
      encoder: SOFTWARE_ENCODER,
    }).chunks;
    expect(args).not.toContain('-t');
    expect(args!.slice(args!.indexOf('-strict'), args!.indexOf('-strict') + 6)).toEqual([
      '-strict',
      '-2',
      '-vsync',
      '2',
      '-c:a',
      'aac',
    ]);
  });
});
