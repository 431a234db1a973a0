// The 25 seek times of Stash's video phash (stash pkg/hash/videophash/phash.go): a 5×5 grid
// sampled from 5% to ~91.4% of the stored duration. The float operations and their order are
// Stash's exactly (offset + i*step, step = 0.9*d/25), so the printed seeks match to the digit.
export const PHASH_COLUMNS = 5;
export const PHASH_ROWS = 5;
export const PHASH_FRAME_COUNT = PHASH_COLUMNS * PHASH_ROWS;

// Seek times in seconds for a video whose Stash-stored duration is `duration`.
export function phashTimestamps(duration: number): number[] {
  const offset = 0.05 * duration;
  const stepSize = (0.9 * duration) / PHASH_FRAME_COUNT;
  return Array.from({ length: PHASH_FRAME_COUNT }, (_, i) => offset + i * stepSize);
}
