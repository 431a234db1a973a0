import { describe, expect, it } from 'vitest';
import type { PacketIndex, VideoPacket } from '../../../../src/media/stretch/packet-index.js';
import { parseMicroseconds, parsePacketIndex } from '../../../../src/media/stretch/packet-index.js';
import { buildDropFilters, MAX_TERMS_PER_EXPRESSION } from '../../../../src/media/stretch/stretch-args.js';
import {
  keepThreshold,
  planStretches,
  rescale,
  seekMicroseconds,
  stretchIneligibility,
} from '../../../../src/media/stretch/stretch-plan.js';

// 25 fps in a 1/12800 time base (512 ticks a frame), GOPs of `gop` frames, B-pyramid decode order
// I P B b b ... as x264 writes it: pts of decode slot k in a mini-GOP of 4 is +3,+1,+0,+2 frames.
function index(frames: number, gop: number, overrides: Partial<PacketIndex> = {}): PacketIndex {
  const packets: VideoPacket[] = [];
  for (let n = 0; n < frames; n++) {
    const inGop = n % gop;
    let frame = n;
    if (inGop > 0) {
      const slot = (inGop - 1) % 4;
      const base = n - inGop + 1 + Math.floor((inGop - 1) / 4) * 4;
      frame = base + [3, 1, 0, 2][slot]!;
      if (frame >= n - inGop + gop) frame = n; // the GOP's tail, no reordering
    }
    packets.push({ pts: frame * 512, dts: (n - 2) * 512, pos: 1000 + n * 100, size: 100, key: inGop === 0 });
  }
  // prettier-ignore
  return { input: 'x.mp4', formatName: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'h264', fieldOrder: 'progressive',
    timeBase: { num: 1, den: 12800 }, startTimeUs: 0, hasDisplayMatrix: false, videoStream: 0, packets, ...overrides };
}

describe('ffmpeg timestamp arithmetic', () => {
  it('parses -ss strings as av_parse_time does (fraction truncated to microseconds)', () => {
    expect(seekMicroseconds('30')).toBe(30_000_000);
    expect(seekMicroseconds('5.008000000000001')).toBe(5_008_000);
    expect(seekMicroseconds('0.1234567')).toBe(123_456);
    expect(seekMicroseconds('1e-05')).toBeNaN();
  });

  it('rescales with halves away from zero (AV_ROUND_NEAR_INF)', () => {
    expect(rescale(5, 1, 2)).toBe(3);
    expect(rescale(-5, 1, 2)).toBe(-3);
    expect(rescale(4, 1, 3)).toBe(1);
    // 38.4 s in 1/12800 is exact; 1/3 s in 1/1000 rounds to 333.
    expect(keepThreshold(38_400_000, { num: 1, den: 12800 })).toBe(491_520);
    expect(rescale(1, 1000, 3)).toBe(333);
  });

  it("reads ffprobe's start time as exact microseconds", () => {
    expect(parseMicroseconds('0.000000')).toBe(0);
    expect(parseMicroseconds('1.400000')).toBe(1_400_000);
    expect(parseMicroseconds('-0.080000')).toBe(-80_000);
    expect(parseMicroseconds('N/A')).toBeNaN();
  });
});

describe('planStretches', () => {
  const file = index(250, 50); // 10 s, keyframes every 2 s

  it('finds the first frame at or after each seek, from the keyframe before it', () => {
    const plan = planStretches(file, ['0.5', '1.5', '4.52', '7']);
    expect(plan.unplanned).toEqual([]);
    const found = plan.stretches.flatMap((s) =>
      s.targets.map((t) => [t.seek, s.key, file.packets[t.packet]!.pts]),
    );
    // 0.5 s = 6400 ticks = frame 12.5 → frame 13; 4.52 s → frame 113; 7 s → frame 175.
    expect(found).toEqual([
      [0, 0, 13 * 512],
      [1, 0, 38 * 512],
      [2, 100, 113 * 512],
      [3, 150, 175 * 512],
    ]);
    // Seeks sharing a keyframe share a stretch that ends at the latest wanted packet.
    expect(plan.stretches[0]!.targets).toHaveLength(2);
    expect(plan.stretches[0]!.end).toBe(Math.max(...plan.stretches[0]!.targets.map((t) => t.packet)));
  });

  it('leaves seeks within 0.1 s after a keyframe to the per-seek path (not the file start)', () => {
    const plan = planStretches(file, ['2.05', '2.2', '0']);
    expect(plan.unplanned).toEqual([0]);
    expect(plan.stretches.flatMap((s) => s.targets.map((t) => t.seek)).sort()).toEqual([1, 2]);
  });

  it('does not plan seeks past the last frame or in exponent form', () => {
    expect(planStretches(file, ['11', '1e-05']).unplanned).toEqual([0, 1]);
  });

  it('names what makes a file ineligible', () => {
    expect(stretchIneligibility(file)).toBeNull();
    expect(stretchIneligibility(index(10, 5, { codec: 'vp9' }))).toMatch(/codec/);
    expect(stretchIneligibility(index(10, 5, { formatName: 'mpegts' }))).toMatch(/container/);
    expect(stretchIneligibility(index(10, 5, { fieldOrder: 'tt' }))).toMatch(/field order/);
    expect(stretchIneligibility(index(10, 5, { hasDisplayMatrix: true }))).toMatch(/rotation/);
    expect(stretchIneligibility(index(10, 5, { videoStream: null }))).toMatch(/video stream choice/);
    expect(stretchIneligibility(index(10, 5, { startTimeUs: 1_400_000 }))).toMatch(/start time/);
    const shuffled = index(10, 5);
    shuffled.packets.reverse();
    expect(stretchIneligibility(shuffled)).toMatch(/order/);
  });
});

// An MP4 cut by stream copy at a non-keyframe (issue #10): mov_fix_index keeps the GOP's lead-in
// before the edit's start with pts < 0, flagged discard; Stash's decoder drops those frames, but the
// remux's Matroska cannot time them, so no stretch may decode one (stretchIneligibility's comment).
describe('planStretches with an edit list', () => {
  // 10 s after the edit's start; its first GOP starts 0.8 s (20 frames) before it.
  function cut(): PacketIndex {
    const file = index(270, 50);
    for (const p of file.packets) {
      p.pts -= 20 * 512;
      p.dts -= 20 * 512;
      p.discard = p.pts < 0;
    }
    return file;
  }
  const targets = (file: PacketIndex, seeks: string[]) =>
    planStretches(file, seeks).stretches.flatMap((s) =>
      s.targets.map((t) => [t.seek, s.key, file.packets[t.packet]!.pts]),
    );

  it('is eligible, and leaves the seeks of the lead-in GOP to the per-seek path', () => {
    const file = cut();
    expect(stretchIneligibility(file)).toBeNull();
    // The lead-in keyframe (pts -0.8 s) is the one ffmpeg seeks to for 0.5 s and 1 s: its stretch
    // would decode the lead-in, so those stay unplanned; 1.5 s is in the GOP of the keyframe at 1.2 s.
    const plan = planStretches(file, ['0.5', '1', '1.5', '5']);
    expect(plan.unplanned).toEqual([0, 1]);
    expect(targets(file, ['0.5', '1', '1.5', '5'])).toEqual([
      [2, 50, 38 * 512], // 1.5 s = frame 37.5 after the start → frame 38
      [3, 100, 125 * 512],
    ]);
  });

  it('plans no stretch over a discarded packet, wherever its pts', () => {
    // Frames past the edit's end that mov_fix_index keeps (up to the next keyframe) are discarded too.
    const file = index(250, 50);
    file.packets.at(-1)!.discard = true;
    expect(stretchIneligibility(file)).toBeNull();
    expect(planStretches(file, ['7', '8.5', '9.5']).unplanned).toEqual([1, 2]);
  });

  it('plans no stretch over a packet before the start, flagged or not', () => {
    const file = cut();
    for (const p of file.packets) p.discard = false;
    expect(planStretches(file, ['0.5', '1.5']).unplanned).toEqual([0]);
  });
});

describe('buildDropFilters', () => {
  it('chunks range and drop expressions under the expression size limit', () => {
    const ranges = Array.from({ length: MAX_TERMS_PER_EXPRESSION + 5 }, (_, i) => ({
      from: i * 10,
      to: i * 10 + 5,
    }));
    const drops = Array.from({ length: MAX_TERMS_PER_EXPRESSION * 2 + 1 }, (_, i) => 100_000 + i);
    const filters = buildDropFilters(ranges, drops);
    expect(filters).toHaveLength(2 + 3);
    for (const f of filters) {
      expect(f.startsWith('noise=drop=')).toBe(true);
      expect((f.match(/between|eq\(/g) ?? []).length).toBeLessThanOrEqual(MAX_TERMS_PER_EXPRESSION);
    }
    // The first range filter judges positions up to its last range's end, the second the rest.
    const lastOfFirst = ranges[MAX_TERMS_PER_EXPRESSION - 1]!.to;
    expect(filters[0]).toContain(`gt(pos\\,-1)*lte(pos\\,${lastOfFirst})`);
    expect(filters[1]).toContain(`gt(pos\\,${lastOfFirst})*lte(pos\\,${Number.MAX_SAFE_INTEGER})`);
  });
});

describe('parsePacketIndex', () => {
  it('keeps the first non-cover video stream and its packets', () => {
    const parsed = parsePacketIndex('x.mp4', {
      streams: [
        {
          index: 0,
          codec_type: 'video',
          codec_name: 'mjpeg',
          time_base: '1/90000',
          disposition: { attached_pic: 1 },
        },
        {
          index: 1,
          codec_type: 'video',
          codec_name: 'h264',
          time_base: '1/12800',
          field_order: 'progressive',
          width: 320,
          height: 240,
        },
      ],
      format: { format_name: 'mov,mp4', start_time: '0.000000' },
      packets: [
        { stream_index: 0, pts: 0, dts: 0, pos: '10', size: '5', flags: 'K_' },
        { stream_index: 1, pts: 0, dts: -512, pos: '48', size: '900', flags: 'K_' },
        { stream_index: 1, pts: 1024, dts: 0, pos: '948', size: '300', flags: '__' },
        { stream_index: 1, pts: -512, dts: 512, pos: '1248', size: '200', flags: '_D' },
      ],
    });
    expect(parsed.codec).toBe('h264');
    // The cover comes first; Stash's command still decodes the real video, stream 1.
    expect(parsed.videoStream).toBe(1);
    expect(parsed.packets).toEqual([
      { pts: 0, dts: -512, pos: 48, size: 900, key: true, discard: false },
      { pts: 1024, dts: 0, pos: 948, size: 300, key: false, discard: false },
      // flag D: AV_PKT_FLAG_DISCARD (mov_fix_index's samples outside the edit list)
      { pts: -512, dts: 512, pos: 1248, size: 200, key: false, discard: true },
    ]);
  });
});
