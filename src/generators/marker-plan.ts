// Scene-marker media, pure (stash pkg/scene/generate/marker_preview.go at v0.30.1): a ≤20 s mp4
// clip, a 5 s animated webp and a full-width jpg, at markers/<hash>/<int(seconds)>.*. Unlike scene
// previews, Stash passes no transcode input/output args to marker commands.
import { goFloatString } from '../media/go-float.js';
import { markerPaths, type MarkerPaths } from './generated-paths.js';
import { PREVIEW_WIDTH } from './preview-plan.js';

export const MAX_MARKER_PREVIEW_SECONDS = 20;
export const MARKER_WEBP_SECONDS = 5;

export interface MarkerInput {
  readonly seconds: number;
  /** The marker's end, when it has one. */
  readonly endSeconds: number | null;
}

export interface MarkerMediaPlan {
  readonly input: string;
  readonly paths: MarkerPaths;
  readonly seconds: number;
  /** Length of the mp4 clip: min(20, end - start). */
  readonly videoDuration: number;
  readonly audio: boolean;
  /** The screenshot keeps the video's width (Stash passes the file's width). */
  readonly screenshotWidth: number;
}

// Plans one marker's three files. A marker whose end is not after its start gets the 20 s default
// (v0.30.1 would omit -t and encode the rest of the video; later Stash falls back the same way).
export function planMarkerMedia(
  input: string,
  generated: string,
  hash: string,
  marker: MarkerInput,
  options: { audio: boolean; videoWidth: number },
): MarkerMediaPlan {
  let videoDuration = MAX_MARKER_PREVIEW_SECONDS;
  if (marker.endSeconds !== null) {
    const interval = marker.endSeconds - marker.seconds;
    if (interval > 0 && interval < MAX_MARKER_PREVIEW_SECONDS) videoDuration = interval;
  }
  return {
    input,
    paths: markerPaths(generated, hash, marker.seconds),
    seconds: marker.seconds,
    videoDuration,
    audio: options.audio,
    screenshotWidth: options.videoWidth,
  };
}

function seekAndInput(input: string, seconds: number): string[] {
  return [...(seconds > 0 ? ['-ss', goFloatString(seconds)] : []), '-i', input];
}

// argv of the marker mp4 (x264 veryslow crf 24, faststart, lanczos; aac 64k or no audio).
export function buildMarkerVideoArgs(plan: MarkerMediaPlan, output: string): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-y', ...seekAndInput(plan.input, plan.seconds),
    '-t', goFloatString(plan.videoDuration),
    '-max_muxing_queue_size', '1024',
    '-c:v', 'libx264', '-vf', `scale=${PREVIEW_WIDTH}:-2`,
    '-pix_fmt', 'yuv420p', '-profile:v', 'high', '-level', '4.2', '-preset', 'veryslow', '-crf', '24',
    '-movflags', '+faststart', '-threads', '4', '-sws_flags', 'lanczos', '-strict', '-2',
    ...(plan.audio ? ['-c:a', 'aac', '-b:a', '64k'] : ['-an']),
    output,
  ];
}

// argv of the marker webp: a 5 s clip at 12 fps, 640 wide, lossless.
export function buildMarkerWebpArgs(plan: MarkerMediaPlan, output: string): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-y', ...seekAndInput(plan.input, plan.seconds),
    '-t', goFloatString(MARKER_WEBP_SECONDS),
    '-max_muxing_queue_size', '1024',
    '-c:v', 'libwebp', '-vf', `scale=${PREVIEW_WIDTH}:-2,fps=12`,
    '-lossless', '1', '-q:v', '70', '-compression_level', '6', '-preset', 'default', '-loop', '0', '-threads', '4',
    '-an', output,
  ];
}

// argv of the marker screenshot (transcoder.ScreenshotTime: -ss always present, q:v 2, scaled to the video width).
export function buildMarkerScreenshotArgs(plan: MarkerMediaPlan, output: string): string[] {
  const filter = plan.screenshotWidth > 0 ? ['-vf', `scale=${plan.screenshotWidth}:-2`] : [];
  // prettier-ignore
  return [
    '-v', 'error', '-y', '-ss', goFloatString(plan.seconds), '-i', plan.input,
    '-frames:v', '1', '-q:v', '2', ...filter, '-f', 'image2', output,
  ];
}
