// Preview settings (Stash config keys preview_*, ffmpeg.transcode.*_args; docs/stash-spec.md §3.1):
// optional in, complete out, validated once with TypeErrors that name the option and the value.

export const PREVIEW_PRESETS = [
  'ultrafast',
  'superfast',
  'veryfast',
  'faster',
  'fast',
  'medium',
  'slow',
  'slower',
  'veryslow',
] as const;
export type PreviewPreset = (typeof PREVIEW_PRESETS)[number];

export interface PreviewSettings {
  /** @default 12 */
  readonly segments?: number;
  /** Seconds per segment. @default 0.75 */
  readonly segmentDuration?: number;
  /** Seconds ("30") or a percentage of the duration ("5%"). @default '0' */
  readonly excludeStart?: string;
  /** @default '0' */
  readonly excludeEnd?: string;
  /** x264 preset. @default 'slow' */
  readonly preset?: PreviewPreset;
  /** @default true */
  readonly audio?: boolean;
  /** Stash's ffmpeg.transcode.input_args. @default [] */
  readonly transcodeInputArgs?: readonly string[];
  /** Stash's ffmpeg.transcode.output_args. @default [] */
  readonly transcodeOutputArgs?: readonly string[];
}

export type ResolvedPreviewSettings = Required<PreviewSettings>;

export const DEFAULT_PREVIEW_SETTINGS: ResolvedPreviewSettings = Object.freeze({
  segments: 12,
  segmentDuration: 0.75,
  excludeStart: '0',
  excludeEnd: '0',
  preset: 'slow',
  audio: true,
  transcodeInputArgs: [],
  transcodeOutputArgs: [],
});

function describe(value: unknown): string {
  return `\`${String(value)}\` (${typeof value})`;
}

// Applies defaults and validates; throws a TypeError naming the bad option.
export function resolvePreviewSettings(settings: PreviewSettings = {}): ResolvedPreviewSettings {
  const s = { ...DEFAULT_PREVIEW_SETTINGS, ...stripUndefined(settings) };
  if (!Number.isInteger(s.segments) || s.segments < 1) {
    throw new TypeError(
      `Expected the \`segments\` option to be a positive integer, got ${describe(s.segments)}`,
    );
  }
  if (
    typeof s.segmentDuration !== 'number' ||
    !(s.segmentDuration > 0) ||
    !Number.isFinite(s.segmentDuration)
  ) {
    throw new TypeError(
      `Expected the \`segmentDuration\` option to be a positive number, got ${describe(s.segmentDuration)}`,
    );
  }
  for (const key of ['excludeStart', 'excludeEnd'] as const) {
    if (typeof s[key] !== 'string') {
      throw new TypeError(
        `Expected the \`${key}\` option to be a string like "30" or "5%", got ${describe(s[key])}`,
      );
    }
  }
  if (!PREVIEW_PRESETS.includes(s.preset)) {
    throw new TypeError(
      `Expected the \`preset\` option to be one of ${PREVIEW_PRESETS.join(', ')}, got ${describe(s.preset)}`,
    );
  }
  for (const key of ['transcodeInputArgs', 'transcodeOutputArgs'] as const) {
    if (!Array.isArray(s[key]) || !s[key].every((a) => typeof a === 'string')) {
      throw new TypeError(
        `Expected the \`${key}\` option to be an array of strings, got ${describe(s[key])}`,
      );
    }
  }
  return Object.freeze({
    ...s,
    audio: Boolean(s.audio),
    transcodeInputArgs: [...s.transcodeInputArgs],
    transcodeOutputArgs: [...s.transcodeOutputArgs],
  });
}

function stripUndefined<T extends object>(o: T): Partial<T> {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as Partial<T>;
}
