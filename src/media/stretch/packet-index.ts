// The video stream's packets as the demuxer sees them (pts, dts, byte position, size, keyframe
// flag), read once per file with ffprobe. The stretch planner uses it to know, without decoding,
// which keyframe each of Stash's seeks starts from and which frame it ends on.
import { MediaError } from '../../errors.js';
import type { ProcessRunner } from '../run-process.js';
import { stashVideoStream, videoStreamFacts } from '../video-stream.js';

export interface VideoPacket {
  pts: number;
  dts: number;
  /** Byte offset of the packet in the file (ffmpeg's pkt->pos). */
  pos: number;
  size: number;
  key: boolean;
  /**
   * The demuxer marked the packet AV_PKT_FLAG_DISCARD (ffprobe's flag D): the decoder drops its
   * frame. The mov demuxer marks the samples outside the edit list so (mov.c mov_fix_index).
   */
  discard?: boolean;
}

export interface PacketIndex {
  input: string;
  formatName: string;
  codec: string;
  fieldOrder: string;
  /** The stream's time base as num/den; packet times are in these units. */
  timeBase: { num: number; den: number };
  /** The container's start time in microseconds (ffmpeg's AVFormatContext.start_time). */
  startTimeUs: number;
  /** True when the stream carries a display matrix (ffmpeg autorotates such streams). */
  hasDisplayMatrix: boolean;
  /** The stream Stash's command surely decodes (media/video-stream.ts); null when uncertain. */
  videoStream: number | null;
  /** The first video stream's packets, in file (= decode) order; null times become NaN. */
  packets: VideoPacket[];
  /**
   * When only windows of the stream were read (packet-windows.ts): each window's packets are
   * `packets[from, to)`, contiguous in the stream; nothing is known between windows, nor before
   * the first one. `toEnd`: the window runs to the end of the stream. Absent: the whole stream.
   */
  windows?: { from: number; to: number; toEnd: boolean }[] | undefined;
}

export interface ProbeJson {
  streams?: {
    index?: number;
    codec_type?: string;
    codec_name?: string;
    time_base?: string;
    field_order?: string;
    width?: number;
    height?: number;
    disposition?: { attached_pic?: number };
    side_data_list?: { side_data_type?: string }[];
  }[];
  format?: { format_name?: string; start_time?: string };
  packets?: {
    stream_index?: number;
    pts?: number;
    dts?: number;
    pos?: string;
    size?: string;
    flags?: string;
  }[];
}

// ffprobe argv listing every packet of the first video stream plus the stream facts we check.
export function buildPacketIndexArgs(input: string): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-select_streams', 'v', '-of', 'json',
    '-show_entries',
    'packet=stream_index,pts,dts,pos,size,flags:stream=index,codec_type,codec_name,time_base,field_order,width,height:' +
      'stream_disposition=attached_pic:stream_side_data=side_data_type:format=format_name,start_time',
    input,
  ];
}

// Interprets buildPacketIndexArgs' JSON.
export function parsePacketIndex(input: string, json: ProbeJson): PacketIndex {
  const videos = (json.streams ?? []).filter((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const video = videos[0];
  if (!video) throw new MediaError(input, 'packet index: no video stream');
  const [num, den] = (video.time_base ?? '').split('/').map(Number);
  if (!num || !den) throw new MediaError(input, `packet index: bad time base ${video.time_base}`);
  const start = (json.format?.start_time ?? '0').trim();
  const packets = (json.packets ?? [])
    .filter((p) => p.stream_index === video.index)
    .map((p) => ({
      pts: p.pts ?? Number.NaN,
      dts: p.dts ?? Number.NaN,
      pos: p.pos === undefined ? Number.NaN : Number(p.pos),
      size: Number(p.size ?? Number.NaN),
      key: (p.flags ?? '').startsWith('K'),
      discard: (p.flags ?? '').includes('D'),
    }));
  return {
    input,
    formatName: json.format?.format_name ?? '',
    codec: video.codec_name ?? '',
    fieldOrder: video.field_order ?? '',
    timeBase: { num, den },
    startTimeUs: parseMicroseconds(start),
    hasDisplayMatrix: (video.side_data_list ?? []).some((d) => d.side_data_type === 'Display Matrix'),
    videoStream: stashVideoStream(videoStreamFacts(json)),
    packets,
  };
}

// ffprobe prints start_time as seconds with six decimals (exact microseconds); NaN if absent.
export function parseMicroseconds(text: string): number {
  const m = /^(-?)(\d+)(?:\.(\d{1,6}))?$/.exec(text);
  if (!m) return Number.NaN;
  const us = Number(m[2]) * 1_000_000 + Number((m[3] ?? '').padEnd(6, '0'));
  return m[1] ? -us : us;
}

// Runs ffprobe over the whole file (demuxing only; ~1 s per hour of 25 fps video).
export async function readPacketIndex(
  run: ProcessRunner,
  ffprobe: string,
  input: string,
  options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined } = {},
): Promise<PacketIndex> {
  const { stdout } = await run({
    bin: ffprobe,
    args: buildPacketIndexArgs(input),
    signal: options.signal,
    timeoutMs: options.timeoutMs,
  });
  return parsePacketIndex(input, JSON.parse(stdout.toString('utf8')) as ProbeJson);
}
