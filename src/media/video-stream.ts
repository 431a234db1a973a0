// Which video stream Stash's frame grab decodes. Stash passes no `-map`, so ffmpeg 5.1 picks it
// (fftools/ffmpeg_opt.c, open_output_file, "video: highest resolution"): among the video streams,
// score = width·height + 100000000 if packets arrived during probing (AVSTREAM_EVENT_FLAG_NEW_PACKETS)
// + 5000000 if its disposition is default; an attached picture scores 1; the first highest score wins.
//
// Our multi-input processes must `-map` each output to its own input, so they can only reproduce
// that choice where it is certain from ffprobe's output: exactly one video stream that is not an
// attached picture, larger than 1×1 (it then outscores every attached picture, whatever the flags
// and the order). With two real video streams the winner hangs on the new-packets flag, which
// ffprobe does not show, so such files (and files without a usable video stream) go through
// Stash's own per-seek command.
import type { ProcessRunner } from './run-process.js';

export interface VideoStreamFacts {
  /** Absolute stream index (what `-map 0:N` takes). */
  index: number;
  width: number;
  height: number;
  attachedPic: boolean;
}

// The stream Stash's command surely decodes, or null when that is not certain.
export function stashVideoStream(videos: readonly VideoStreamFacts[]): number | null {
  const real = videos.filter((s) => !s.attachedPic);
  if (real.length !== 1) return null;
  const only = real[0]!;
  return only.width * only.height > 1 ? only.index : null;
}

interface StreamsJson {
  streams?: {
    index?: number;
    codec_type?: string;
    width?: number;
    height?: number;
    disposition?: { attached_pic?: number };
  }[];
}

// ffprobe's streams (any codec type) as facts about the video ones.
export function videoStreamFacts(json: StreamsJson): VideoStreamFacts[] {
  return (json.streams ?? [])
    .filter((s) => s.codec_type === 'video' && s.index !== undefined)
    .map((s) => ({
      index: s.index!,
      width: s.width ?? 0,
      height: s.height ?? 0,
      attachedPic: s.disposition?.attached_pic === 1,
    }));
}

// ffprobe argv listing the video streams' facts (stream headers only; no packets are read beyond
// what opening the file reads, as for ffmpeg itself).
export function buildVideoStreamsArgs(input: string): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-select_streams', 'v', '-of', 'json',
    '-show_entries', 'stream=index,codec_type,width,height:stream_disposition=attached_pic',
    input,
  ];
}

// Probes `input` and returns the stream Stash's command surely decodes; null when uncertain or
// when ffprobe fails (the caller then uses Stash's own command, which decides by itself).
export async function probeStashVideoStream(
  run: ProcessRunner,
  ffprobe: string,
  input: string,
  options: { signal?: AbortSignal | undefined; timeoutMs?: number | undefined } = {},
): Promise<number | null> {
  try {
    const { stdout } = await run({ bin: ffprobe, args: buildVideoStreamsArgs(input), ...options });
    return stashVideoStream(videoStreamFacts(JSON.parse(stdout.toString('utf8')) as StreamsJson));
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return null;
  }
}
