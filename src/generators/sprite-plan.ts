// The scrubber sprite's plan, pure (stash internal/manager/generator_sprite.go, generator.go).
// 81 frames: seeks at i*(duration/81) normally; for short or few-frame videos ("slow seek") frame
// indices round(i*(frameCount-1)/81) picked with a select filter. The VTT cue step is NOT the frame
// step: normally floor(nb_frames/81)/frameRate (nb_frames falling back to int(fps*duration), then to
// Stash's decode pass), in slow seek ((frameCount-1)/81)/frameRate.
import { MediaError } from '../errors.js';
import { splitIntoBatches, buildBatchGrabArgs } from '../media/frame-grab.js';
import type { VideoInfo } from '../media/probe.js';
import { buildFrameSelectArgs, buildScreenshotArgs } from '../media/screenshot-args.js';
import { SPRITE_CHUNKS } from './vtt.js';

export type SpriteMode = 'normal' | 'slow-seek';

// What Stash's decode pass (`ffmpeg -nostats -i … -c:v copy -f rawvideo -y /dev/null`) reports.
export interface DecodedFrameInfo {
  readonly numberOfFrames: number;
  readonly frameRate: number;
}

export interface SpriteProbe {
  /** A plain ffprobe (no -count_frames): frameCount is nb_frames, 0 when absent. */
  readonly video: VideoInfo;
  /** nb_read_frames from the -count_frames probe (slow seek only); null when not counted or it failed. */
  readonly countedFrameCount: number | null;
  /** The decode pass's numbers, when frameInfoNeedsDecode() said so; null otherwise or if it failed. */
  readonly decodedFrameInfo: DecodedFrameInfo | null;
}

export interface SpritePlan {
  readonly input: string;
  readonly mode: SpriteMode;
  /** Seek times (normal mode), in tile order; empty in slow-seek mode. */
  readonly seconds: readonly number[];
  /** Frame indices (slow-seek mode), in tile order; empty in normal mode. */
  readonly frames: readonly number[];
  /** Stash's own argv per tile (without the binary): the reference and the per-frame fallback. */
  readonly frameCommands: readonly (readonly string[])[];
  /** Seconds per VTT cue. */
  readonly vttStepSeconds: number;
}

// Stash's test for frame-index seeking: under 5 s, or a known frame count of at most 81.
export function needsSlowSeek(video: VideoInfo): boolean {
  return video.videoStreamDuration < 5 || (0 < video.frameCount && video.frameCount <= SPRITE_CHUNKS);
}

const isValidRate = (x: number): boolean => !Number.isNaN(x) && x !== 0;

// nb_frames, else int(frameRate*duration) (stash generator.go calculateFrameRate, before the decode pass).
function probedNumberOfFrames(video: VideoInfo): number {
  let n = video.frameCount;
  if (n === 0 && isValidRate(video.frameRate) && video.videoStreamDuration > 0) {
    n = Math.trunc(video.frameRate * video.videoStreamDuration);
  }
  return n;
}

// Whether Stash would run its decode pass to learn the frame count or rate.
export function frameInfoNeedsDecode(video: VideoInfo): boolean {
  return probedNumberOfFrames(video) === 0 || !isValidRate(video.frameRate);
}

// argv of Stash's decode pass (stash pkg/ffmpeg/frame_rate.go CalculateFrameRate); stats go to stderr.
export function buildFrameInfoDecodeArgs(input: string): string[] {
  return ['-nostats', '-i', input, '-c:v', 'copy', '-f', 'rawvideo', '-y', '/dev/null'];
}

// Reads the decode pass's stderr: the first `frame=` and `time=` (Go FindStringSubmatch).
export function parseFrameInfoDecode(stderr: string): DecodedFrameInfo {
  const frame = /frame=\s*([0-9]+)/.exec(stderr);
  const time = /time=\s*(\d+):(\d+):(\d+.\d+)/.exec(stderr);
  const numberOfFrames = frame ? Number.parseInt(frame[1]!, 10) : 0;
  const seconds = time ? Number(time[1]) * 3600 + Number(time[2]) * 60 + Number(time[3]) : 0;
  const rate = numberOfFrames / seconds;
  return { numberOfFrames, frameRate: (Math.sign(rate) * Math.round(Math.abs(rate) * 100)) / 100 };
}

// Go math.Round: half away from zero.
function goRound(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

// Decides mode, the 81 tiles, their commands and the VTT step; throws MediaError like Stash does.
export function planSprite(probe: SpriteProbe): SpritePlan {
  const { video } = probe;
  const input = video.path;
  let numberOfFrames = probedNumberOfFrames(video);
  let frameRate = video.frameRate;
  if ((numberOfFrames === 0 || !isValidRate(frameRate)) && probe.decodedFrameInfo) {
    if (numberOfFrames === 0) numberOfFrames = probe.decodedFrameInfo.numberOfFrames;
    if (!isValidRate(frameRate)) frameRate = probe.decodedFrameInfo.frameRate;
  }
  const tiles = Array.from({ length: SPRITE_CHUNKS }, (_, i) => i);

  if (!needsSlowSeek(video)) {
    const step = video.videoStreamDuration / SPRITE_CHUNKS;
    const seconds = tiles.map((i) => i * step);
    return {
      input,
      mode: 'normal',
      seconds,
      frames: [],
      frameCommands: seconds.map((t) => buildScreenshotArgs(input, t)),
      vttStepSeconds: Math.trunc(numberOfFrames / SPRITE_CHUNKS) / frameRate,
    };
  }
  if (video.videoStreamDuration <= 0) {
    throw new MediaError(
      input,
      `duration(${video.videoStreamDuration.toFixed(3)})/frame count(${video.frameCount}) invalid, skipping sprite creation`,
    );
  }
  const frameCount = probe.countedFrameCount ?? video.frameCount;
  const stepFrame = (frameCount - 1) / SPRITE_CHUNKS;
  const frames = tiles.map((i) => goRound(i * stepFrame) + 0); // + 0 turns -0 into 0
  return {
    input,
    mode: 'slow-seek',
    seconds: [],
    frames,
    frameCommands: frames.map((n) => buildFrameSelectArgs(input, n)),
    vttStepSeconds: (frameCount - 1) / SPRITE_CHUNKS / frameRate,
  };
}

// The argv our fast path actually runs in normal mode (see src/media/frame-grab.ts), for dry runs.
// `stream` is the video stream Stash's command surely decodes (media/video-stream.ts); without
// one, Stash's own per-frame commands run.
export function spriteBatchCommands(
  plan: SpritePlan,
  processes: number,
  workDir: string,
  stream: number | null,
  maxPerProcess = 8,
): string[][] {
  if (plan.mode !== 'normal' || stream === null) return plan.frameCommands.map((a) => [...a]);
  return splitIntoBatches(plan.seconds.length, processes, maxPerProcess).map((batch, b) =>
    buildBatchGrabArgs(
      plan.input,
      batch.map((i) => plan.seconds[i]!),
      `${workDir}/batch-${b}`,
      stream,
    ),
  );
}
