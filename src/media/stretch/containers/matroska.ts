// Matroska rules of the stretch path (H.264, HEVC in MKV), from ffmpeg 5.1's matroskadec and fftools:
//
// - Seeking: matroska_read_seek looks the target up in the stream's index, built from the Cues
//   (every cue point is added as a keyframe entry), lands on the last entry at or before it, and
//   then drops blocks whose timecode is before that entry until a keyframe. Matroska has no
//   AVFMT_SEEK_TO_PTS, so fftools seeks 3/23 s (130434 µs) early when the video has B-frame delay
//   ("dts heuristic"); the keep threshold stays -ss + start_time. The planner therefore wants its
//   keyframe clearly before the target less that lead, so both readings land on it.
// - Cues may list fewer keyframes than the file has (or none): the seek then lands on an earlier
//   keyframe. The frame returned is the same, because every stretch starts at an IDR picture
//   (decoding restarts there from nothing) or an HEVC CRA (the pictures after it in output order
//   use neither earlier pictures nor its RASL ones, H.265 §8.3.2; Stash's decoder, arriving from an
//   earlier keyframe, also decodes and shows those RASL pictures, but they precede the CRA), and
//   the planner checks that nothing decoded before the keyframe is shown at or after the seek.
// - Blocks store no dts (ffmpeg guesses some, not the first ones): order is checked by position,
//   times by pts only.
// - pkt->pos is the SimpleBlock/Block payload: track number (EBML varint), 16-bit timecode, flags,
//   then the frame. Laced blocks (flags bits 1-2) hold several frames: not eligible.
import { readSync } from 'node:fs';
import type { ContainerRules } from './types.js';

export const FFTOOLS_DTS_HEURISTIC_US = Math.trunc((3 * 1_000_000) / 23);

export const matroskaRules: ContainerRules = {
  name: 'matroska',
  matches: (index) => index.formatName.split(',').includes('matroska'),
  packetProblem(index) {
    const p = index.packets;
    for (let i = 0; i < p.length; i++) {
      const x = p[i]!;
      if (![x.pts, x.pos, x.size].every(Number.isFinite)) return 'packet without pts or position';
      if (i > 0 && x.pos <= p[i - 1]!.pos) return 'packets out of order';
    }
    return null;
  },
  seekLeadUs: FFTOOLS_DTS_HEURISTIC_US,
  frameData(fd, pos, size) {
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, head.length, pos) < head.length) return null;
    const first = head[0]!;
    if (first === 0) return null;
    const trackBytes = Math.clz32(first) - 23; // EBML varint: the leading zeros of its first byte + 1
    const flags = head[trackBytes + 2]!;
    if (flags & 0x06) return null; // lacing
    return { pos: pos + trackBytes + 3, size };
  },
};
