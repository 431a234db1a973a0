// The packet index of a long file without reading it whole: ffprobe reads only a window of packets
// around each wanted seek (`-read_intervals`), so the cost follows the number of seeks, not the
// file's length.
//
// How the windows are delimited, from ffprobe 5.1's read_interval_packets: for an interval
// `START%+#N` ffprobe seeks with avformat_seek_file(-INT64_MAX, START, INT64_MAX) — the demuxer's
// keyframe at or before START — then prints exactly the next N packets of the selected stream
// (frame_count counts only that stream's packets) unless the file ends first. So window j is the
// next N packets of the output; the last interval, `START%`, reads to the end of the file. A window
// is contiguous (every packet of the stream between its first and last one), which is what the
// planner needs: within a window it finds the same keyframe and frame as in the whole index, and
// it plans nothing that leans on what lies outside (stretch-plan.ts, `windows`). Any count that does
// not add up means the reading is not understood: the whole index is read instead.
import { MediaError } from '../../errors.js';
import type { ProcessRunner } from '../run-process.js';
import {
  buildPacketIndexArgs,
  parsePacketIndex,
  readPacketIndex,
  type PacketIndex,
  type ProbeJson,
} from './packet-index.js';
import { seekMicroseconds } from './stretch-plan.js';

// Each window starts this long before its seek and spans this long (in the stream's frame rate).
export const WINDOW_BEFORE_SECONDS = 10;
export const WINDOW_SPAN_SECONDS = 30;
// Windows are used only when together they would read less than this share of the file.
const WINDOWS_WORTH_SHARE = 0.5;
// Extra packets per window beyond the span (the planner looks 64 packets past the next keyframe).
const WINDOW_SLACK_PACKETS = 128;

export interface ReadOptions {
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
}

interface HeaderJson {
  streams?: {
    index?: number;
    codec_type?: string;
    avg_frame_rate?: string;
    r_frame_rate?: string;
    disposition?: { attached_pic?: number };
  }[];
  format?: { duration?: string };
}

// Interval starts (seconds, ascending): one window per seek (windows that overlap are joined after
// reading); the last one is open-ended when a window would reach the end of the file.
export function planWindowStarts(
  seeks: readonly string[],
  duration: number,
): { starts: number[]; openEnd: boolean } {
  const times = seeks
    .map((s) => seekMicroseconds(s) / 1e6)
    .filter(Number.isFinite)
    .sort((a, b) => a - b);
  const starts: number[] = [];
  for (const t of times) {
    const start = Math.max(0, t - WINDOW_BEFORE_SECONDS);
    if (start + WINDOW_SPAN_SECONDS >= duration - WINDOW_BEFORE_SECONDS) {
      // This window and every later seek's: one window from here to the end of the file.
      starts.push(start);
      return { starts, openEnd: true };
    }
    if (starts.at(-1) !== start) starts.push(start);
  }
  return { starts, openEnd: false };
}

// ffprobe argv of the windowed index: the whole-index argv with the intervals, and only `stream`.
export function buildWindowedIndexArgs(
  input: string,
  stream: number,
  starts: readonly number[],
  openEnd: boolean,
  packetsPerWindow: number,
): string[] {
  const intervals = starts.map((s, i) =>
    openEnd && i === starts.length - 1 ? `${s.toFixed(6)}%` : `${s.toFixed(6)}%+#${packetsPerWindow}`,
  );
  const args = buildPacketIndexArgs(input);
  const at = args.indexOf('-select_streams');
  args.splice(at, 2, '-select_streams', String(stream), '-read_intervals', intervals.join(','));
  return args;
}

// Splits the windowed reading into windows (N packets each, the open-ended last one takes the rest),
// merges windows that overlap, and returns the index with its windows; null when counts do not add up.
export function assembleWindows(
  index: PacketIndex,
  windows: number,
  openEnd: boolean,
  packetsPerWindow: number,
): PacketIndex | null {
  const all = index.packets;
  const fixed = openEnd ? windows - 1 : windows;
  if (openEnd ? all.length < fixed * packetsPerWindow : all.length !== fixed * packetsPerWindow) return null;
  const parts = Array.from({ length: windows }, (_, j) =>
    all.slice(j * packetsPerWindow, j < fixed ? (j + 1) * packetsPerWindow : all.length),
  );
  const packets: PacketIndex['packets'] = [];
  const spans: { from: number; to: number; toEnd: boolean }[] = [];
  for (const [j, part] of parts.entries()) {
    if (part.length === 0 || !part[0]!.key) return null;
    const toEnd = openEnd && j === windows - 1;
    const last = spans.at(-1);
    const lastPos = packets.at(-1)?.pos ?? -1;
    if (last && part[0]!.pos <= lastPos) {
      // Overlaps the previous window: the union is contiguous too. Positions must line up.
      const joinAt = part.findIndex((p) => p.pos > lastPos);
      const overlap = joinAt < 0 ? part : part.slice(0, joinAt);
      const start = packets.findIndex((p) => p.pos === overlap[0]!.pos);
      if (start < 0 || overlap.some((p, k) => packets[start + k]?.pos !== p.pos)) return null;
      if (joinAt >= 0) packets.push(...part.slice(joinAt));
      last.to = packets.length;
      last.toEnd ||= toEnd;
    } else {
      spans.push({ from: packets.length, to: packets.length + part.length, toEnd });
      packets.push(...part);
    }
  }
  return { ...index, packets, windows: spans };
}

function frameRate(text: string | undefined): number {
  const [num, den] = (text ?? '').split('/').map(Number);
  return num && den ? num / den : Number.NaN;
}

// The packet index for these seeks: windows around them when that reads much less of the file,
// else (short files, many seeks, anything not understood) the whole stream.
export async function readPacketIndexFor(
  run: ProcessRunner,
  ffprobe: string,
  input: string,
  seeks: readonly string[],
  options: ReadOptions = {},
): Promise<PacketIndex> {
  const whole = () => readPacketIndex(run, ffprobe, input, options);
  // The seeks run to ~0.9-1.0 of the duration: a cheap estimate that avoids probing short files.
  const latest = Math.max(0, ...seeks.map((s) => seekMicroseconds(s) / 1e6).filter(Number.isFinite));
  if (seeks.length * WINDOW_SPAN_SECONDS >= WINDOWS_WORTH_SHARE * latest) return whole();
  const { stdout } = await run({
    bin: ffprobe,
    // prettier-ignore
    args: ['-v', 'error', '-of', 'json', '-show_entries',
      'stream=index,codec_type,avg_frame_rate,r_frame_rate:stream_disposition=attached_pic:format=duration', input],
    ...options,
  });
  const header = JSON.parse(stdout.toString('utf8')) as HeaderJson;
  const videos = (header.streams ?? []).filter(
    (s) => s.codec_type === 'video' && !s.disposition?.attached_pic,
  );
  const video = videos[0];
  if (video?.index === undefined) throw new MediaError(input, 'packet index: no video stream');
  // Windows read one stream; the whole index is what lets the eligibility rules see the others.
  if (videos.length !== 1) return whole();
  const fps = Math.max(frameRate(video.avg_frame_rate), frameRate(video.r_frame_rate));
  const duration = Number(header.format?.duration);
  if (!(fps > 0 && fps < 1000) || !(duration > 0)) return whole();
  const { starts, openEnd } = planWindowStarts(seeks, duration);
  if (starts.length * WINDOW_SPAN_SECONDS >= WINDOWS_WORTH_SHARE * duration) return whole();
  const perWindow = Math.ceil(WINDOW_SPAN_SECONDS * fps) + WINDOW_SLACK_PACKETS;
  const read = await run({
    bin: ffprobe,
    args: buildWindowedIndexArgs(input, video.index, starts, openEnd, perWindow),
    ...options,
  });
  const index = parsePacketIndex(input, JSON.parse(read.stdout.toString('utf8')) as ProbeJson);
  return assembleWindows(index, starts.length, openEnd, perWindow) ?? whole();
}
