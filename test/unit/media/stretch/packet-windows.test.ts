// The windowed packet index: where the windows go, how ffprobe's output is cut back into windows
// (N packets each, the open-ended last one to the end), and that a windowed index plans exactly
// what the whole index plans wherever a window holds all the plan looks at, and nothing else.
import { describe, expect, it } from 'vitest';
import type { PacketIndex, VideoPacket } from '../../../../src/media/stretch/packet-index.js';
import {
  assembleWindows,
  buildWindowedIndexArgs,
  planWindowStarts,
} from '../../../../src/media/stretch/packet-windows.js';
import { planStretches } from '../../../../src/media/stretch/stretch-plan.js';

// 25 fps, 1/12800 time base, IPPP… GOPs of `gop` frames, each packet 100 bytes.
function stream(frames: number, gop: number): PacketIndex {
  const packets: VideoPacket[] = Array.from({ length: frames }, (_, n) => ({
    pts: n * 512,
    dts: n * 512,
    pos: 1000 + n * 100,
    size: 100,
    key: n % gop === 0,
  }));
  // prettier-ignore
  return { input: 'x.mp4', formatName: 'mov,mp4,m4a,3gp,3g2,mj2', codec: 'h264', fieldOrder: 'progressive',
    timeBase: { num: 1, den: 12800 }, startTimeUs: 0, hasDisplayMatrix: false, videoStream: 0, packets };
}

// What ffprobe prints for the intervals: from the keyframe at or before each start, N packets.
function readWindows(whole: PacketIndex, starts: number[], openEnd: boolean, n: number): PacketIndex {
  const out: VideoPacket[] = [];
  starts.forEach((start, j) => {
    let k = 0;
    whole.packets.forEach((p, i) => p.key && p.pts <= start * 12800 && (k = i));
    const end = openEnd && j === starts.length - 1 ? whole.packets.length : k + n;
    out.push(...whole.packets.slice(k, end));
  });
  return { ...whole, packets: out };
}

describe('packet windows', () => {
  it('one window per seek, 10 s before it; the last open-ended when it would reach the end', () => {
    expect(planWindowStarts(['100', '5', '200', '200.5'], 1000)).toEqual({
      starts: [0, 90, 190, 190.5],
      openEnd: false,
    });
    // 965 + 30 reaches 1000 - 10: from there one window to the end, which also serves 990.
    expect(planWindowStarts(['100', '960', '975', '990'], 1000)).toEqual({
      starts: [90, 950, 965],
      openEnd: true,
    });
  });

  it('reads exactly N packets of the one stream per interval, the last to the end', () => {
    const args = buildWindowedIndexArgs('in.mp4', 1, [90, 950.25], true, 878);
    expect(args[args.indexOf('-read_intervals') + 1]).toBe('90.000000%+#878,950.250000%');
    expect(args[args.indexOf('-select_streams') + 1]).toBe('1');
    expect(args.at(-1)).toBe('in.mp4');
  });

  it('cuts the reading back into windows and joins overlapping ones', () => {
    const whole = stream(25 * 600, 250); // 10 minutes, keyframes every 10 s
    const read = readWindows(whole, [20, 35, 300], false, 500);
    const w = assembleWindows(read, 3, false, 500)!;
    // 20 s → from the keyframe at 20 s; 35 s → from 30 s, overlapping: one window 20 s .. 30 s + 500.
    expect(w.windows).toEqual([
      { from: 0, to: 750, toEnd: false },
      { from: 750, to: 1250, toEnd: false },
    ]);
    expect(w.packets.map((p) => p.pos)).toEqual([
      ...whole.packets.slice(500, 1250).map((p) => p.pos),
      ...whole.packets.slice(7500, 8000).map((p) => p.pos),
    ]);
    const open = assembleWindows(readWindows(whole, [20, 580], true, 500), 2, true, 500)!;
    expect(open.windows!.at(-1)).toEqual({ from: 500, to: 1000, toEnd: true });
  });

  it('rejects a reading whose counts do not add up (a window hit the end of the file)', () => {
    const whole = stream(1000, 250);
    expect(assembleWindows(readWindows(whole, [0, 35], false, 500), 2, false, 500)).toBeNull();
  });

  it('plans in windows exactly what the whole index plans, and leaves out what a window cannot prove', () => {
    const whole = stream(25 * 600, 250);
    const seeks = ['25', '103.3', '299.5', '595'];
    const n = 25 * 30 + 128;
    const starts = seeks.map((s) => Number(s) - 10);
    const w = assembleWindows(readWindows(whole, starts, true, n), starts.length, true, n)!;
    const plan = planStretches(w, seeks);
    const full = planStretches(whole, seeks);
    const byPos = (ix: PacketIndex, p: typeof plan) =>
      p.stretches.flatMap((s) =>
        s.targets.map((t) => [t.seek, ix.packets[s.key]!.pos, ix.packets[t.packet]!.pos]),
      );
    expect(byPos(w, plan)).toEqual(byPos(whole, full));
    expect(plan.unplanned).toEqual([]);
    // A window too short to reach the next keyframe (+ the open-GOP look-ahead) plans nothing.
    const short = assembleWindows(readWindows(whole, [15], false, 300), 1, false, 300)!;
    expect(planStretches(short, ['25']).unplanned).toEqual([0]);
    expect(planStretches(whole, ['25']).unplanned).toEqual([]);
  });
});
