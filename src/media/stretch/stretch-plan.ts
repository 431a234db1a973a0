// Plans the "stretch" frame path: for each of Stash's seeks, which keyframe ffmpeg's accurate seek
// starts decoding from and which frame it returns, worked out from the packet index alone; then
// one stretch per keyframe, from that keyframe to the last frame wanted from it.
//
// Why this gives Stash's frames: `ffmpeg -ss T -i FILE -frames:v 1` seeks to the last keyframe at
// or before T, decodes, and keeps the first frame whose pts, shifted by -(start_time + T), is >= 0
// (ffmpeg 5.1 fftools: ts_offset applied to packet pts, then the trim filter). Decoding the same
// packets from the same keyframe gives the same pixels (decoding is deterministic, and the keyframe
// starts from nothing: an H.264 or HEVC IDR, or an HEVC CRA that opens its decoder as Stash's does;
// stretch-grab.ts, access-unit.ts), so we may decode each keyframe's stretch once and pick every
// wanted frame.
//
// HEVC open GOPs: a CRA's RASL pictures follow it in decode order but precede it in output order.
// A fresh decoder skips them (hevc-nal.ts), so they must never be a seek's answer: every target
// here is at or after the threshold, and the keyframe is clearly before the threshold (only the
// file's first keyframe may lie after it, and stretch-grab.ts refuses a CRA stretch whose target
// precedes its keyframe). The next GOP's leading pictures, which a seek in this GOP never decodes,
// are checked below like H.264 open-GOP frames: any that would sort first leaves the seek out.
//
// The keyframe is the last one whose pts or dts (a demuxer may index either) is at or before the
// seek; a seek within BOUNDARY_MARGIN of a keyframe, where rounding could tip the choice, is left
// out of the plan and grabbed the per-seek way instead.
import { STRETCH_CODECS } from './access-unit.js';
import { containerRules } from './containers/index.js';
import type { PacketIndex, VideoPacket } from './packet-index.js';

export interface StretchTarget {
  /** Index into the requested seeks. */
  seek: number;
  /** Index of the frame's packet in PacketIndex.packets. */
  packet: number;
}

export interface Stretch {
  /** Packet index of the keyframe the seeks start from. */
  key: number;
  /** Packet index of the last packet to decode (the latest target in decode order). */
  end: number;
  targets: StretchTarget[];
}

export interface StretchPlan {
  stretches: Stretch[];
  /** Seeks left to the per-seek path. */
  unplanned: number[];
}

const BOUNDARY_MARGIN_SECONDS = 0.1;
// How far past the next keyframe to look for open-GOP leading frames that would sort first.
const LEADING_FRAMES_LOOKAHEAD = 64;

// Why the file cannot take the stretch path, or null when it can.
export function stretchIneligibility(index: PacketIndex): string | null {
  if (!STRETCH_CODECS.some((c) => c === index.codec)) return `codec ${index.codec}`;
  const container = containerRules(index);
  if (!container) return `container ${index.formatName}`;
  if (index.fieldOrder !== 'progressive') return `field order ${index.fieldOrder || 'unknown'}`;
  if (index.hasDisplayMatrix) return 'display matrix (rotation)';
  // The remux maps this stream; Stash's command must surely decode the same one.
  if (index.videoStream === null) return 'video stream choice not certain';
  // A non-zero start shifts how `-ss` and the remux's stream-copy start compare; not proven here.
  if (index.startTimeUs !== 0) return `start time ${index.startTimeUs} µs`;
  if (index.packets.length === 0) return 'no packets';
  // MP4 edit lists are eligible (issue #10: a stream-copy cut at a non-keyframe, differential seed
  // 2000, file 15), but no stretch may decode their lead-in; locate() checks it seek by seek. In
  // ffmpeg 5.1:
  // - libavformat/mov.c mov_fix_index keeps the samples from the keyframe before the edit's start,
  //   timed before it (pts < 0; st->start_time stays 0), and flags them AVINDEX_DISCARD_FRAME,
  //   which mov_read_packet passes on as AV_PKT_FLAG_DISCARD (ffprobe's flag D).
  // - Stash's command decodes them and drops their frames (libavcodec/decode.c
  //   decode_simple_internal: a video frame with AV_FRAME_FLAG_DISCARD is not returned): its frame
  //   is the first one at or after the seek that is not discarded, as planned.
  // - The remux copies them (fftools/ffmpeg.c do_streamcopy drops packets before the start only
  //   with -copypriorss 0; ffmpeg_opt.c new_output_stream defaults copy_prior_start to -1) with
  //   their negative pts and without the discard flag, which Matroska cannot store. matroskaenc.c
  //   mkv_write_packet_internal starts the cluster at FFMAX(0, ts) and writes the block's negative
  //   offset; matroskadec.c matroska_parse_block reads a block before 0 as AV_NOPTS_VALUE.
  // - The decode process then times those frames itself: fftools/ffmpeg.c decode_video replaces
  //   pkt->dts with its own clock ist->dts (process_input_packet: 0 less has_b_frames frames at
  //   the first packet, then + one frame duration a packet), and libavcodec's guess_correct_pts
  //   takes that dts as the frame's best_effort_timestamp when it has no pts. The lead-in frames count 0, 20, 40 ms..., the very
  //   times of the first frames after the edit's start, and `select=eq(pts,...)` takes them. A
  //   lead-in longer than the stretch's targets (3.7 s in that file) gave 11 wrong frames; a
  //   shorter one gave the real frames' times again after it, the image2 muxer printed "non
  //   monotonically increasing dts" and the pipe's frames were thrown away: luck, not a rule.
  // A stretch from a later keyframe is safe: the remux's seek may still land on the lead-in's
  // keyframe, but the drop filters remove every packet before the stretch by position, so the
  // decoder gets only packets with real times that Stash's decoder shows too.
  return container.packetProblem(index);
}

// ffmpeg's av_parse_time for a duration "S[.fraction]": microseconds, the fraction truncated to
// six digits. NaN for anything else (exponent forms), which then stays on the per-seek path.
export function seekMicroseconds(seek: string): number {
  const m = /^(\d+)(?:\.(\d*))?$/.exec(seek);
  if (!m) return Number.NaN;
  return Number(m[1]) * 1_000_000 + Number((m[2] ?? '').slice(0, 6).padEnd(6, '0'));
}

// ffmpeg's av_rescale_rnd(a, b, c, AV_ROUND_NEAR_INF) for integers: a*b/c rounded to nearest,
// halves away from zero (av_rescale_q uses this rounding).
export function rescale(a: number, b: number, c: number): number {
  const product = BigInt(Math.abs(a)) * BigInt(b);
  const r = (product + BigInt(c) / 2n) / BigInt(c);
  return Number(a < 0 ? -r : r);
}

// The first pts ffmpeg keeps after `-ss`: the packets' pts are shifted by
// av_rescale_q(-(start_time + ss), 1/1000000, tb) and the trim filter keeps pts >= 0.
export function keepThreshold(offsetUs: number, timeBase: { num: number; den: number }): number {
  return rescale(offsetUs, timeBase.den, timeBase.num * 1_000_000);
}

// Plans every seek (given as Stash's -ss strings) that lands safely inside one keyframe's GOP.
export function planStretches(index: PacketIndex, seeks: readonly string[]): StretchPlan {
  const packets = index.packets;
  const margin = (BOUNDARY_MARGIN_SECONDS * index.timeBase.den) / index.timeBase.num;
  // A windowed index (packet-windows.ts) is planned window by window; a seek is planned only by a
  // window that holds everything the plan looks at, so it matches the plan of the whole index.
  const spans = (index.windows ?? [{ from: 0, to: packets.length, toEnd: true }]).map((w) => ({
    ...w,
    fromStart: index.windows === undefined,
    keys: packets.flatMap((p, i) => (p.key && i >= w.from && i < w.to ? [i] : [])),
  }));
  const byKey = new Map<number, StretchTarget[]>();
  const unplanned: number[] = [];
  seeks.forEach((seek, s) => {
    let target: { key: number; packet: number } | null = null;
    for (const span of spans) if ((target = locate(packets, span, index, seek, margin))) break;
    if (target === null) unplanned.push(s);
    else byKey.set(target.key, [...(byKey.get(target.key) ?? []), { seek: s, packet: target.packet }]);
  });
  const stretches = [...byKey.entries()]
    .sort(([a], [b]) => a - b)
    .map(([key, targets]) => ({ key, end: Math.max(...targets.map((t) => t.packet)), targets }));
  return { stretches, unplanned };
}

interface Span {
  /** Packets [from, to) of the index, contiguous in the stream. */
  from: number;
  to: number;
  /** The span starts at the stream's first packet / runs to its last one. */
  fromStart: boolean;
  toEnd: boolean;
  /** Its keyframes' packet indices. */
  keys: readonly number[];
}

function locate(
  packets: readonly VideoPacket[],
  span: Span,
  index: PacketIndex,
  seek: string,
  margin: number,
): { key: number; packet: number } | null {
  const { keys } = span;
  const us = seekMicroseconds(seek);
  if (!Number.isFinite(us)) return null;
  const threshold = keepThreshold(index.startTimeUs + us, index.timeBase);
  // Where fftools may really seek: up to the container's lead before the threshold.
  const lead = keepThreshold(containerRules(index)?.seekLeadUs ?? 0, index.timeBase);
  // The latest keyframe any reading of "at or before the seek" (by pts or dts) could pick...
  const earliest = (p: VideoPacket) => (Number.isFinite(p.dts) ? Math.min(p.pts, p.dts) : p.pts);
  const latest = (p: VideoPacket) => (Number.isFinite(p.dts) ? Math.max(p.pts, p.dts) : p.pts);
  let k = -1;
  for (const i of keys) if (earliest(packets[i]!) <= threshold + margin) k = i;
  if (k < 0) return null;
  // ...must be clearly before it, so every reading picks the same one (the file's first keyframe
  // is where any seek at or before it lands).
  const key = packets[k]!;
  const first = span.fromStart && k === keys[0];
  if (!first && latest(key) > threshold - lead - margin) return null;
  // A seek that lands on an earlier keyframe (a container whose index lacks this one) returns the
  // same frame only if nothing decoded before this keyframe is shown at or after the seek.
  for (let i = span.from; i < k; i++) if (packets[i]!.pts >= threshold) return null;
  // Past the span's end a later keyframe or an earlier-shown frame could hide, unless it is the end.
  const next = keys.find((i) => i > k) ?? (span.toEnd ? span.to : -1);
  if (next < 0 || (!span.toEnd && next + LEADING_FRAMES_LOOKAHEAD > span.to)) return null;
  // The stretch decodes packets from k on, all before next: none may be one Stash's decoder drops
  // (flag D) nor one before the start, which the remux's Matroska cannot time (an edit list's
  // lead-in; see stretchIneligibility). The seek then goes per seek.
  for (let i = k; i < next; i++) if (packets[i]!.discard || packets[i]!.pts < 0) return null;
  let best = -1;
  for (let i = k; i < next; i++) {
    const p = packets[i]!;
    if (p.pts >= threshold && (best < 0 || p.pts < packets[best]!.pts)) best = i;
  }
  if (best < 0) return null;
  // Open GOPs: a leading frame of the next GOP decodes after the keyframe but may show earlier.
  const limit = Math.min(span.to, next + LEADING_FRAMES_LOOKAHEAD);
  for (let i = next; i < limit; i++) {
    const p = packets[i]!;
    if (p.pts >= threshold && p.pts < packets[best]!.pts) return null;
  }
  return { key: k, packet: best };
}
