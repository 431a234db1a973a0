// ffprobe, read the way Stash reads it (stash pkg/ffmpeg/ffprobe.go): the format duration rounded
// to 2 decimals is what Stash stores as the file's duration (used by phash and cover); sprites and
// previews use the video stream's own duration and the rounded average frame rate.
import { MediaError } from '../errors.js';
import type { ProcessRunner } from './run-process.js';

export interface VideoInfo {
  path: string;
  /** Stash's stored duration: round(format.duration * 100) / 100. */
  fileDuration: number;
  /** The video stream's duration, falling back to fileDuration (Stash VideoStreamDuration). */
  videoStreamDuration: number;
  /** round(avg_frame_rate * 100) / 100; 0 when unknown. */
  frameRate: number;
  /** nb_frames of the video stream; 0 when unknown. */
  frameCount: number;
  width: number;
  height: number;
  videoCodec: string;
  audioCodec: string | null;
  formatName: string;
}

interface FfprobeStream {
  codec_type?: string;
  codec_name?: string;
  width?: number;
  height?: number;
  duration?: string;
  avg_frame_rate?: string;
  nb_frames?: string;
  nb_read_frames?: string;
  disposition?: { default?: number; attached_pic?: number };
}

export interface FfprobeJson {
  streams?: FfprobeStream[];
  format?: { duration?: string; format_name?: string };
  error?: { code?: number; string?: string };
}

// Stash's ffprobe argv (ffprobe >= 5 adds the rotation side data entry).
export function buildProbeArgs(path: string, countFrames = false): string[] {
  const args = ['-v', 'quiet', '-print_format', 'json'];
  if (countFrames) args.push('-count_frames');
  args.push(
    '-show_format',
    '-show_streams',
    '-show_error',
    '-show_entries',
    'stream_side_data=rotation',
    path,
  );
  return args;
}

// Round half away from zero to 2 decimals, as Go's math.Round(x*100)/100.
export function roundTo2(x: number): number {
  return (Math.sign(x) * Math.round(Math.abs(x) * 100)) / 100;
}

function parseRate(rate: string | undefined): number {
  if (!rate) return 0;
  const [num, den] = rate.split('/').map(Number) as [number, number | undefined];
  const value = den === undefined ? num : num / den;
  return Number.isFinite(value) ? roundTo2(value) : 0;
}

export interface ParseProbeOptions {
  /**
   * Accept a file without a video stream, with Stash's zero values for everything video (stream
   * duration 0, frame rate 0, size 0): Stash still makes an audio-only preview of such a file.
   * @default false
   */
  allowNoVideo?: boolean;
}

// Interprets ffprobe's JSON; throws a MediaError when there is no usable video stream (unless allowed).
export function parseProbe(path: string, json: FfprobeJson, options: ParseProbeOptions = {}): VideoInfo {
  if (json.error) throw new MediaError(path, `ffprobe: ${json.error.string ?? 'unknown error'}`);
  const videos = (json.streams ?? []).filter((s) => s.codec_type === 'video' && !s.disposition?.attached_pic);
  const video = videos.find((s) => s.disposition?.default === 1) ?? videos[0];
  const formatDuration = Number.parseFloat(json.format?.duration ?? '');
  const fileDuration = Number.isFinite(formatDuration) ? roundTo2(formatDuration) : 0;
  const audio = (json.streams ?? []).find((s) => s.codec_type === 'audio');
  if (!video) {
    if (!options.allowNoVideo) throw new MediaError(path, 'no video stream');
    // prettier-ignore
    return { path, fileDuration, videoStreamDuration: 0, frameRate: 0, frameCount: 0, width: 0, height: 0,
      videoCodec: '', audioCodec: audio?.codec_name ?? null, formatName: json.format?.format_name ?? '' };
  }
  const streamDuration = Number.parseFloat(video.duration ?? '');
  return {
    path,
    fileDuration,
    videoStreamDuration: Number.isFinite(streamDuration) ? streamDuration : fileDuration,
    frameRate: parseRate(video.avg_frame_rate),
    frameCount: Number.parseInt(video.nb_read_frames ?? video.nb_frames ?? '0', 10) || 0,
    width: video.width ?? 0,
    height: video.height ?? 0,
    videoCodec: video.codec_name ?? '',
    audioCodec: audio?.codec_name ?? null,
    formatName: json.format?.format_name ?? '',
  };
}

// Runs ffprobe on a file and returns what Stash would record for it.
export async function probeVideo(
  run: ProcessRunner,
  ffprobe: string,
  path: string,
  options: { signal?: AbortSignal; countFrames?: boolean } & ParseProbeOptions = {},
): Promise<VideoInfo> {
  let stdout: Buffer;
  try {
    ({ stdout } = await run({
      bin: ffprobe,
      args: buildProbeArgs(path, options.countFrames),
      signal: options.signal,
      timeoutMs: 60_000,
    }));
  } catch (cause) {
    throw new MediaError(path, 'ffprobe could not read the file', { cause });
  }
  let json: FfprobeJson;
  try {
    json = JSON.parse(stdout.toString('utf8')) as FfprobeJson;
  } catch (cause) {
    throw new MediaError(path, 'ffprobe printed invalid JSON', { cause });
  }
  return parseProbe(path, json, options);
}
