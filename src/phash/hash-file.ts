// Hash one file on its own (no Stash): the duration is read with ffprobe the way Stash's scan
// stores it (format duration rounded to 2 decimals) unless the caller knows Stash's value.
import { probeVideo } from '../media/probe.js';
import { computeVideoPhash, type VideoPhash, type VideoPhashOptions } from './video-phash.js';

export interface HashFileOptions extends VideoPhashOptions {
  ffprobe: string;
  /** Stash's stored duration for the file; probed when absent. */
  duration?: number | undefined;
}

export interface HashFileResult extends VideoPhash {
  duration: number;
  ms: number;
}

// Probes (unless told the duration) and hashes one video file.
export async function hashFile(path: string, options: HashFileOptions): Promise<HashFileResult> {
  const started = performance.now();
  const duration =
    options.duration ??
    (await probeVideo(options.run, options.ffprobe, path, { signal: options.signal })).fileDuration;
  const result = await computeVideoPhash(path, duration, options);
  return { ...result, duration, ms: Math.round(performance.now() - started) };
}
