// argv of the stretch path's two processes, joined by a pipe:
//   remux:  ffmpeg -ss … -i FILE -c copy, bitstream filters drop every packet outside the stretches
//           and every non-reference frame that is not wanted → Matroska on stdout (keeps pts and the
//           stream's colour properties, which decide the YUV→RGB conversion);
//   decode: ffmpeg -f matroska -i pipe:0, one single-threaded decoder, `select` keeps the wanted
//           frames by pts, then Stash's own `scale=160:-2` → bmp chain, one file per frame.
// The noise filter's drop expression takes at most ~100 terms, hence the chunked chains.
import { SCREENSHOT_WIDTH } from '../screenshot-args.js';

export const MAX_TERMS_PER_EXPRESSION = 80;

// A chain of `noise=drop=EXPR` filters that together drop what `dropPositions` lists and every
// packet outside the [from, to] position ranges.
export function buildDropFilters(
  ranges: readonly { from: number; to: number }[],
  dropPositions: readonly number[],
): string[] {
  const filters: string[] = [];
  // Ranges are chunked by position: each filter only judges packets up to its last range's end.
  for (let i = 0; i < ranges.length; i += MAX_TERMS_PER_EXPRESSION) {
    const chunk = ranges.slice(i, i + MAX_TERMS_PER_EXPRESSION);
    const lo = i === 0 ? -1 : ranges[i - 1]!.to;
    const hi = i + MAX_TERMS_PER_EXPRESSION >= ranges.length ? Number.MAX_SAFE_INTEGER : chunk.at(-1)!.to;
    const inside = chunk.map((r) => `between(pos\\,${r.from}\\,${r.to})`).join('+');
    filters.push(`noise=drop=gt(pos\\,${lo})*lte(pos\\,${hi})*not(${inside})`);
  }
  for (let i = 0; i < dropPositions.length; i += MAX_TERMS_PER_EXPRESSION) {
    const terms = dropPositions.slice(i, i + MAX_TERMS_PER_EXPRESSION).map((p) => `eq(pos\\,${p})`);
    filters.push(`noise=drop=${terms.join('+')}`);
  }
  return filters;
}

// The remux process: from `start` (seconds, a little before the first stretch's keyframe) to `end`,
// stream `stream` only (the one Stash's command decodes; packet-index.ts videoStream).
export function buildStretchRemuxArgs(
  input: string,
  stream: number,
  start: string,
  end: string,
  filters: readonly string[],
): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-copyts', '-ss', start, '-i', input,
    '-map', `0:${stream}`, '-c', 'copy', '-bsf:v', filters.join(','),
    '-to', end, '-avoid_negative_ts', 'disabled', '-f', 'matroska', 'pipe:1',
  ];
}

// The decode process: keeps the frames whose Matroska pts (milliseconds) are listed, in pts order,
// as `<outDir>/<n>.bmp` numbered from 0.
export function buildStretchDecodeArgs(ptsMs: readonly number[], outPattern: string): string[] {
  const select = ptsMs.map((t) => `eq(pts\\,${t})`).join('+');
  // prettier-ignore
  return [
    '-v', 'error', '-xerror', '-threads', '1', '-copyts', '-f', 'matroska', '-i', 'pipe:0',
    '-vf', `select=${select},scale=${SCREENSHOT_WIDTH}:-2`, '-vsync', 'passthrough',
    '-frames:v', String(ptsMs.length), '-c:v', 'bmp', '-f', 'image2', '-start_number', '0', outPattern,
  ];
}
