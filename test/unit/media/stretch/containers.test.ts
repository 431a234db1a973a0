// Per-container rules of the stretch path: which files they take, how far fftools may seek early,
// and where a Matroska block's frame bytes start.
import { closeSync, openSync, writeFileSync } from 'node:fs';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { containerRules } from '../../../../src/media/stretch/containers/index.js';
import {
  FFTOOLS_DTS_HEURISTIC_US,
  matroskaRules,
} from '../../../../src/media/stretch/containers/matroska.js';
import type { PacketIndex } from '../../../../src/media/stretch/packet-index.js';
import { planStretches, stretchIneligibility } from '../../../../src/media/stretch/stretch-plan.js';

// 25 fps in ms (Matroska's time base), all-intra keyframes every `gop` frames, dts unknown.
function mkv(frames: number, gop: number): PacketIndex {
  // prettier-ignore
  return { input: 'x.mkv', formatName: 'matroska,webm', codec: 'h264', fieldOrder: 'progressive',
    timeBase: { num: 1, den: 1000 }, startTimeUs: 0, hasDisplayMatrix: false, videoStream: 0,
    packets: Array.from({ length: frames }, (_, n) => ({ pts: n * 40, dts: Number.NaN, pos: 100 + n * 50, size: 40, key: n % gop === 0 })) };
}

const dir = mkdtempSync(join(tmpdir(), 'containers-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('container rules', () => {
  it('MP4 and Matroska are known; Matroska needs no dts but ordered positions', () => {
    expect(containerRules({ ...mkv(1, 1), formatName: 'mov,mp4,m4a,3gp,3g2,mj2' })?.name).toBe('mp4');
    expect(containerRules(mkv(1, 1))?.name).toBe('matroska');
    expect(containerRules({ ...mkv(1, 1), formatName: 'avi' })).toBeNull();
    expect(stretchIneligibility(mkv(100, 25))).toBeNull();
    const shuffled = mkv(100, 25);
    shuffled.packets[5]!.pos = 1;
    expect(stretchIneligibility(shuffled)).toBe('packets out of order');
    // The same packets in MP4 clothing need their dts.
    expect(stretchIneligibility({ ...mkv(100, 25), formatName: 'mp4' })).toBe(
      'packet without pts, dts or position',
    );
  });

  it('fftools seeks Matroska 3/23 s early: a keyframe in that lead leaves the seek per seek', () => {
    expect(FFTOOLS_DTS_HEURISTIC_US).toBe(130434);
    const file = mkv(250, 50); // keyframes at 0, 2, 4, 6, 8 s
    // 4.2 s: keyframe 4 s is 0.2 s before, inside 0.13 s + 0.1 s margin → per seek; 4.3 s is clear.
    expect(planStretches(file, ['4.2', '4.3']).unplanned).toEqual([0]);
    expect(
      planStretches(
        { ...file, formatName: 'mp4', packets: file.packets.map((p) => ({ ...p, dts: p.pts })) },
        ['4.2'],
      ).unplanned,
    ).toEqual([]);
  });

  it('finds the frame after a block header (track varint, timecode, flags); laced blocks are refused', () => {
    const path = join(dir, 'blocks');
    // prettier-ignore
    writeFileSync(path, Buffer.from([
      0x81, 0x00, 0x00, 0x80, 0xaa, // track 1 (1-byte varint), timecode 0, keyframe, frame
      0x40, 0x81, 0x00, 0x28, 0x00, 0xbb, // track 129 (2-byte varint), timecode 40, flags 0, frame
      0x81, 0x00, 0x00, 0x82, 0xcc, // Xiph lacing
      0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0,
    ]));
    const fd = openSync(path, 'r');
    try {
      expect(matroskaRules.frameData(fd, 0, 1)).toEqual({ pos: 4, size: 1 });
      expect(matroskaRules.frameData(fd, 5, 1)).toEqual({ pos: 10, size: 1 });
      expect(matroskaRules.frameData(fd, 11, 1)).toBeNull();
    } finally {
      closeSync(fd);
    }
  });
});
