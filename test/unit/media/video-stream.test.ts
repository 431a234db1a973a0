import { describe, expect, it } from 'vitest';
import { stashVideoStream, videoStreamFacts } from '../../../src/media/video-stream.js';

const real = (index: number, width = 320, height = 240) => ({ index, width, height, attachedPic: false });
const cover = (index: number) => ({ index, width: 600, height: 600, attachedPic: true });

describe('stashVideoStream (the stream Stash’s command surely decodes)', () => {
  it('is the one real video stream, wherever it sits among audio and cover pictures', () => {
    expect(stashVideoStream([real(0)])).toBe(0);
    expect(stashVideoStream([cover(0), real(2)])).toBe(2);
    expect(stashVideoStream([real(1), cover(3)])).toBe(1);
  });

  it('is not certain with two real video streams, none, or a 1×1 one (an attached picture scores 1 too)', () => {
    expect(stashVideoStream([real(0, 320, 240), real(1, 640, 480)])).toBeNull();
    expect(stashVideoStream([cover(0)])).toBeNull();
    expect(stashVideoStream([])).toBeNull();
    expect(stashVideoStream([real(0, 1, 1), cover(1)])).toBeNull();
    expect(stashVideoStream([real(0, 0, 0)])).toBeNull();
  });

  it('reads ffprobe’s streams, keeping only video ones', () => {
    const facts = videoStreamFacts({
      streams: [
        { index: 0, codec_type: 'audio' },
        { index: 1, codec_type: 'video', width: 8, height: 6, disposition: { attached_pic: 0 } },
        { index: 2, codec_type: 'video', width: 600, height: 600, disposition: { attached_pic: 1 } },
      ],
    });
    expect(facts).toEqual([
      { index: 1, width: 8, height: 6, attachedPic: false },
      { index: 2, width: 600, height: 600, attachedPic: true },
    ]);
  });
});
