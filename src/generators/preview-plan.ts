// The video preview's plan and argv, pure (stash pkg/scene/generate/preview.go,
// pkg/ffmpeg/transcoder/transcode.go and splice.go; docs/stash-spec.md §3.2–3.3).
import { join } from 'node:path';
import { goFloatString } from '../media/go-float.js';
import type { EncoderChoice } from '../media/hwaccel/types.js';
import type { VideoInfo } from '../media/probe.js';
import type { ResolvedPreviewSettings } from './preview-settings.js';

export const PREVIEW_WIDTH = 640;
export const MIN_SEGMENT_DURATION = 0.75;
const FALLBACK_MIN_SLOW_SEEK = 20;
export const CONCAT_LIST_NAME = 'concat.txt';

export interface PreviewSegment {
  readonly start: number;
  readonly duration: number;
}

export interface PreviewPlan {
  readonly input: string;
  /** The video stream duration (fresh ffprobe), Stash's `videoDuration`. */
  readonly videoDuration: number;
  /** One chunk written straight to the output (short videos), no concat. */
  readonly single: boolean;
  readonly segments: readonly PreviewSegment[];
  /** Stash adds `-vsync 2` when the probed frame rate is <= 0.01. */
  readonly useVsync2: boolean;
  readonly settings: ResolvedPreviewSettings;
}

// Go strconv.ParseFloat for the forms a setting can hold; anything else is 0 (Stash ignores the error).
export function parseGoFloat(text: string): number {
  if (/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) return Number(text);
  const special = /^([+-]?)(inf|infinity|nan)$/i.exec(text);
  if (!special) return 0;
  if (special[2]!.toLowerCase() === 'nan') return NaN;
  return special[1] === '-' ? -Infinity : Infinity;
}

// Stash getExcludeValue: "N%" is a share of the duration, anything else seconds.
export function excludeSeconds(videoDuration: number, value: string): number {
  if (value.endsWith('%') && value.length > 1)
    return (parseGoFloat(value.slice(0, -1)) / 100) * videoDuration;
  return parseGoFloat(value);
}

// Stash getStepSizeAndOffset: the excludes apply only when they leave something of the video.
export function previewStepAndOffset(
  videoDuration: number,
  settings: Pick<ResolvedPreviewSettings, 'segments' | 'excludeStart' | 'excludeEnd'>,
): { stepSize: number; offset: number } {
  const excludeStart = excludeSeconds(videoDuration, settings.excludeStart);
  const excludeEnd = excludeSeconds(videoDuration, settings.excludeEnd);
  let duration = videoDuration;
  let offset = 0;
  if (videoDuration > excludeStart + excludeEnd) {
    duration = duration - excludeStart - excludeEnd;
    offset = excludeStart;
  }
  return { stepSize: duration / settings.segments, offset };
}

// Chooses single-chunk vs segments and their start times (#2496: one chunk when d < segDur*segments).
export function planPreview(video: VideoInfo, settings: ResolvedPreviewSettings): PreviewPlan {
  const d = video.videoStreamDuration;
  const base = { input: video.path, videoDuration: d, useVsync2: video.frameRate <= 0.01, settings };
  if (d < settings.segmentDuration * settings.segments) {
    return { ...base, single: true, segments: [{ start: 0, duration: d }] };
  }
  const { stepSize, offset } = previewStepAndOffset(d, settings);
  const duration = Math.max(settings.segmentDuration, MIN_SEGMENT_DURATION);
  const segments = Array.from({ length: settings.segments }, (_, i) => ({
    start: offset + i * stepSize,
    duration,
  }));
  return { ...base, single: false, segments };
}

export interface ChunkArgsOptions {
  readonly settings: ResolvedPreviewSettings;
  /** Stash's fallback pass: no -xerror, slow seek. */
  readonly fallback: boolean;
  readonly useVsync2: boolean;
  readonly encoder: EncoderChoice;
  readonly output: string;
}

// argv (without the binary) of one preview chunk, software or through a hardware chain.
export function buildPreviewChunkArgs(input: string, segment: PreviewSegment, o: ChunkArgsOptions): string[] {
  let fastSeek = segment.start;
  let slowSeek = 0;
  if (o.fallback) {
    fastSeek = segment.start > FALLBACK_MIN_SLOW_SEEK ? segment.start - FALLBACK_MIN_SLOW_SEEK : 0;
    slowSeek = segment.start > FALLBACK_MIN_SLOW_SEEK ? FALLBACK_MIN_SLOW_SEEK : segment.start;
  }
  const hw = o.encoder.kind === 'hardware' ? o.encoder.chain : null;
  const args = ['-v', 'error', '-y', ...(hw?.inputArgs ?? []), ...o.settings.transcodeInputArgs];
  if (!o.fallback) args.push('-xerror');
  if (fastSeek > 0) args.push('-ss', goFloatString(fastSeek));
  args.push('-i', input);
  if (slowSeek > 0) args.push('-ss', goFloatString(slowSeek));
  if (segment.duration > 0) args.push('-t', goFloatString(segment.duration));
  args.push('-max_muxing_queue_size', '1024');
  if (hw) {
    args.push('-c:v', hw.encoder, '-vf', hw.videoFilter, ...hw.codecArgs);
  } else {
    // prettier-ignore
    args.push('-c:v', 'libx264', '-vf', `scale=${PREVIEW_WIDTH}:-2`, '-pix_fmt', 'yuv420p', '-profile:v', 'high',
      '-level', '4.2', '-preset', o.settings.preset, '-crf', '21', '-threads', '4', '-strict', '-2');
  }
  if (o.useVsync2) args.push('-vsync', '2');
  args.push(...(o.settings.audio ? ['-c:a', 'aac', '-b:a', '128k'] : ['-an']));
  args.push(...o.settings.transcodeOutputArgs, o.output);
  return args;
}

// The concat demuxer's list: one `file '<basename>'` line per chunk, relative to the list's folder.
export function buildConcatList(chunkFileNames: readonly string[]): string {
  return chunkFileNames.map((name) => `file '${name}'\n`).join('');
}

// argv of Stash's splice (transcoder.Splice): stream copy of the listed chunks.
export function buildConcatArgs(listPath: string, output: string): string[] {
  return ['-v', 'error', '-f', 'concat', '-i', listPath, '-y', '-c:v', 'copy', '-c:a', 'copy', output];
}

// argv of the animated webp made from the generated preview mp4 (stash previewVideoToImage).
export function buildPreviewWebpArgs(
  previewMp4: string,
  output: string,
  settings: ResolvedPreviewSettings,
): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-y', ...settings.transcodeInputArgs,
    '-i', previewMp4,
    '-max_muxing_queue_size', '1024',
    '-c:v', 'libwebp', '-vf', `scale=${PREVIEW_WIDTH}:-2,fps=12`,
    '-lossless', '1', '-q:v', '70', '-compression_level', '6', '-preset', 'default', '-loop', '0', '-threads', '4',
    '-an', ...settings.transcodeOutputArgs, output,
  ];
}

export interface PreviewCommands {
  /** Chunk files, in concat order (empty for a single chunk, which writes the output itself). */
  readonly chunkFiles: readonly string[];
  readonly chunks: readonly string[][];
  readonly concatList: string | null;
  readonly concat: string[] | null;
}

// Every ffmpeg run of one pass, with chunks in `workDir` and the result at `output` (dry runs, the run).
export function buildPreviewCommands(
  plan: PreviewPlan,
  o: { workDir: string; output: string; fallback: boolean; encoder: EncoderChoice },
): PreviewCommands {
  const common = {
    settings: plan.settings,
    fallback: o.fallback,
    useVsync2: plan.useVsync2,
    encoder: o.encoder,
  };
  if (plan.single) {
    const args = buildPreviewChunkArgs(plan.input, plan.segments[0]!, { ...common, output: o.output });
    return { chunkFiles: [], chunks: [args], concatList: null, concat: null };
  }
  const names = plan.segments.map((_, i) => `chunk-${String(i).padStart(3, '0')}.mp4`);
  const chunkFiles = names.map((n) => join(o.workDir, n));
  const chunks = plan.segments.map((seg, i) =>
    buildPreviewChunkArgs(plan.input, seg, { ...common, output: chunkFiles[i]! }),
  );
  const listPath = join(o.workDir, CONCAT_LIST_NAME);
  return {
    chunkFiles,
    chunks,
    concatList: buildConcatList(names),
    concat: buildConcatArgs(listPath, o.output),
  };
}
