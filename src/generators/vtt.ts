// The scrubber WebVTT exactly as Stash writes it (stash pkg/scene/generate/sprite.go spriteVTT,
// pkg/utils/vtt.go GetVTTTime). Pure. The UI (ui/v2.5/src/hooks/sprite.ts) needs each cue's text
// to match /^([^#]*)#xywh=(\d+),(\d+),(\d+),(\d+)$/i, with the image as a bare file name.

export const SPRITE_COLUMNS = 9;
export const SPRITE_CHUNKS = 81;

// hh:mm:ss.mmm; NaN, ±Inf and negatives give 00:00:00.000; milliseconds are truncated; hours uncapped.
export function formatVttTime(seconds: number): string {
  if (!(seconds >= 0) || seconds === Infinity) return '00:00:00.000';
  const msecTotal = Math.trunc(seconds * 1000);
  const msec = msecTotal % 1000;
  const secTotal = Math.trunc(msecTotal / 1000);
  const sec = secTotal % 60;
  const minTotal = Math.trunc(secTotal / 60);
  const min = minTotal % 60;
  const hours = Math.trunc(minTotal / 60);
  return `${pad(hours, 2)}:${pad(min, 2)}:${pad(sec, 2)}.${pad(msec, 3)}`;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

export interface SpriteVttOptions {
  /** Bare file name of the sprite, e.g. `<hash>_sprite.jpg`. */
  spriteFileName: string;
  tileWidth: number;
  tileHeight: number;
  /** Seconds per cue (Stash's VTT step, not the frame step). */
  stepSeconds: number;
  /** @default 81 */
  count?: number;
  /** @default 9 */
  columns?: number;
}

// The whole VTT text: LF line ends, no cue ids, exactly one trailing newline.
export function buildSpriteVtt(options: SpriteVttOptions): string {
  const count = options.count ?? SPRITE_CHUNKS;
  const columns = options.columns ?? SPRITE_COLUMNS;
  const { tileWidth: w, tileHeight: h, stepSeconds: step } = options;
  const lines = ['WEBVTT', ''];
  for (let i = 0; i < count; i++) {
    const x = w * (i % columns);
    const y = h * Math.floor(i / columns);
    lines.push(`${formatVttTime(i * step)} --> ${formatVttTime((i + 1) * step)}`);
    lines.push(`${options.spriteFileName}#xywh=${x},${y},${w},${h}`);
    lines.push('');
  }
  return lines.join('\n');
}
