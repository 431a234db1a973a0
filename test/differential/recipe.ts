// Pure recipe generation for the differential test: from (seed, index) a description of one small
// video whose properties steer ffmpeg's seeking and stream choice (container, GOP shape, timing,
// MP4 layout, streams). recipe-commands.ts turns it into ffmpeg command lines; nothing here runs.
//
// File `index` of a run always exercises FAMILIES[index % FAMILIES.length] (its "focus") and draws
// every other property at random, so any run of FAMILIES.length files covers every family.
import { createRng, type Rng } from './rng.js';

export const CONTAINERS = ['mp4', 'mov', 'm4v', 'mkv', 'webm', 'ts', 'avi'] as const;
export type Container = (typeof CONTAINERS)[number];
export const CODECS = ['h264', 'hevc8', 'hevc10', 'vp9'] as const;
export type Codec = (typeof CODECS)[number];

// Every property family a run must cover (see familiesOf).
export const FAMILIES = [
  ...CONTAINERS,
  ...CODECS,
  'open-gop',
  'b-pyramid',
  'many-refs',
  'intra-refresh',
  'scene-cut-idr',
  'irregular-idr',
  'keyint-1',
  'keyint-long',
  'rate-30000/1001',
  'rate-24000/1001',
  'vfr',
  'stream-copy-cut',
  'start-offset',
  'fragmented',
  'faststart',
  'no-stss',
  'multi-video',
  'cover-picture',
  'audio-before-video',
  'audio-after-video',
  'dark-corner',
  'temporal-layers',
] as const;
export type Family = (typeof FAMILIES)[number];

export type GopShape = 'closed' | 'open' | 'intra-refresh' | 'scene-cut' | 'forced';

export interface RecipeSpec {
  /** `s<seed>-<index>`: what `--seed S` and the file's position rebuild it from. */
  id: string;
  codec: Codec;
  container: Container;
  width: number;
  height: number;
  /** Frame rate as lavfi takes it ("30000/1001", "25"). */
  rate: string;
  seconds: number;
  /** Three differently drawn segments (scene cuts) instead of one testsrc2. */
  cuts: boolean;
  /** A 0x0a0a0a box in the top-right corner: BMP rows run bottom-up, so the image ends in 0x0A. */
  darkCorner: boolean;
  /** Drop ~30% of frames at random (lavfi's seeded random()) and keep the gaps. */
  vfr: boolean;
  gop: {
    shape: GopShape;
    keyint: number;
    bframes: number;
    pyramid: boolean;
    refs: number;
    forcedAt: number[];
    /** HEVC only: x265 temporal-layers (non-reference pictures at TemporalId 1). */
    temporalLayers: boolean;
  };
  /** VP9 only: alternate reference (hidden) frames. */
  altRef: boolean;
  /** Stream-copy the encoded file from this time (not a keyframe in general): edit lists / shifts. */
  cutAt: number | null;
  /** -output_ts_offset of the final file. */
  startOffset: number | null;
  mp4Layout: 'plain' | 'fragmented' | 'faststart';
  stripStss: boolean;
  /** Sizes of the video streams after the first. */
  extraVideos: { width: number; height: number }[];
  /** Which video stream carries the default disposition (null: none does). */
  defaultVideo: number | null;
  cover: boolean;
  /** MP4 only: the cover is the first video stream. */
  coverFirst: boolean;
  /** Audio starts this many seconds before (< 0) or after (> 0) the video; null: no audio. */
  audioLead: number | null;
}

const MP4_LIKE: readonly Container[] = ['mp4', 'mov', 'm4v'];
const RATES = ['30000/1001', '24000/1001', '25', '30', '60000/1001', '50', '15', '12'] as const;
// Mostly GOPs longer than the stretch planner's 0.1 s keyframe margin, so it has seeks to serve.
const KEYINTS = [1, 2, 5, 12, 24, 30, 48, 48, 60, 60, 100, 100, 150, 250, 300, 600] as const;
// HEVC: keyint 1-250 (the stretch path's HEVC families: many CRA/IDR starts in a short file).
const HEVC_KEYINTS = [1, 2, 5, 12, 24, 25, 30, 40, 48, 50, 60, 100, 120, 150, 200, 250] as const;

export function isMp4Like(container: Container): boolean {
  return MP4_LIKE.includes(container);
}

// Containers that can hold the codec (webm: VP9 only; m4v, the ipod muxer, and avi: H.264 only).
export function containersFor(codec: Codec): readonly Container[] {
  if (codec === 'vp9') return ['webm', 'mkv', 'mp4'];
  if (codec === 'h264') return ['mp4', 'mov', 'm4v', 'mkv', 'ts', 'avi'];
  return ['mp4', 'mov', 'mkv', 'ts'];
}

const GOP_FOCUS: Partial<Record<Family, GopShape>> = {
  'open-gop': 'open',
  'intra-refresh': 'intra-refresh',
  'scene-cut-idr': 'scene-cut',
  'irregular-idr': 'forced',
};

// The recipe of file `index` in the run started from `seed`.
export function generateRecipe(seed: number, index: number): RecipeSpec {
  const rng = createRng(seed, index);
  const focus = FAMILIES[index % FAMILIES.length]!;
  const needsH264 =
    focus in GOP_FOCUS || ['b-pyramid', 'many-refs', 'keyint-1', 'keyint-long'].includes(focus);
  const needsMp4 = ['fragmented', 'faststart', 'no-stss'].includes(focus);
  const codecs = (['h264', 'h264', 'h264', 'h264', 'hevc8', 'hevc10', 'vp9'] as const).filter(
    (c) =>
      !(CONTAINERS as readonly string[]).includes(focus) || containersFor(c).includes(focus as Container),
  );
  const codec: Codec = (CODECS as readonly string[]).includes(focus)
    ? (focus as Codec)
    : focus === 'temporal-layers'
      ? rng.pick(['hevc8', 'hevc10'] as const)
      : needsH264
        ? 'h264'
        : rng.pick(codecs);
  const allowed = containersFor(codec).filter(
    (c) => (!needsMp4 || isMp4Like(c)) && (focus !== 'cover-picture' || isMp4Like(c) || c === 'mkv'),
  );
  const container: Container = (CONTAINERS as readonly string[]).includes(focus)
    ? (focus as Container)
    : // Weighted towards MP4, the container most libraries hold.
      rng.pick([...allowed, ...allowed.filter(isMp4Like), ...allowed.filter(isMp4Like)]);
  const width = rng.pick([160, 192, 240, 256, 320]);
  const height = 2 * Math.round((width * rng.pick([9 / 16, 3 / 4, 2 / 3, 1])) / 2);
  const rate = focus.startsWith('rate-') ? focus.slice(5) : rng.pick(RATES);
  const seconds = rng.int(4, 24) / 2;
  const gop = drawGop(rng, focus, codec, seconds);
  const mp4 = isMp4Like(container);
  const mp4Layout =
    focus === 'fragmented' || focus === 'faststart'
      ? focus
      : mp4 && rng.chance(0.3)
        ? rng.pick(['fragmented', 'faststart'] as const)
        : 'plain';
  const videos = focus === 'multi-video' ? rng.int(2, 3) : rng.chance(0.12) ? 2 : 1;
  const extraVideos = Array.from({ length: videos - 1 }, () => {
    const w = rng.pick([128, 160, 240, 320, 352]);
    return { width: w, height: 2 * Math.round((w * rng.pick([9 / 16, 3 / 4])) / 2) };
  });
  const lead =
    focus === 'audio-before-video' ? -1 : focus === 'audio-after-video' ? 1 : rng.pick([-1, 0, 1, 1]);
  return {
    id: `s${seed}-${index}`,
    codec,
    container,
    width,
    height,
    rate,
    seconds,
    cuts: gop.shape === 'scene-cut' || rng.chance(0.15),
    darkCorner: focus === 'dark-corner' || rng.chance(0.25),
    vfr: focus === 'vfr' || rng.chance(0.15),
    gop,
    altRef: codec === 'vp9' && rng.chance(0.5),
    cutAt: focus === 'stream-copy-cut' || rng.chance(0.15) ? rng.int(3, 40) / 10 : null,
    startOffset: focus === 'start-offset' || rng.chance(0.1) ? rng.int(1, 100) / 10 : null,
    mp4Layout,
    stripStss: mp4Layout !== 'fragmented' && (focus === 'no-stss' || (mp4 && rng.chance(0.15))),
    extraVideos,
    defaultVideo: rng.chance(0.2) ? null : rng.int(0, videos - 1),
    cover: (focus === 'cover-picture' || rng.chance(0.12)) && (mp4 || container === 'mkv'),
    audioLead: rng.chance(0.2) && lead === 0 ? null : lead * (rng.int(1, 15) / 10),
    coverFirst: rng.chance(0.5),
  };
}

function drawGop(rng: Rng, focus: Family, codec: Codec, seconds: number): RecipeSpec['gop'] {
  const shape: GopShape =
    GOP_FOCUS[focus] ??
    (codec === 'h264'
      ? rng.pick(['closed', 'closed', 'closed', 'open', 'intra-refresh', 'scene-cut', 'forced'] as const)
      : rng.pick(['closed', 'closed', 'open'] as const));
  const hevc = codec === 'hevc8' || codec === 'hevc10';
  const keyint =
    focus === 'keyint-1'
      ? 1
      : focus === 'keyint-long' || shape === 'scene-cut' || shape === 'forced'
        ? rng.pick([300, 600])
        : rng.pick(hevc ? HEVC_KEYINTS : KEYINTS);
  // x265 takes up to 16 B-frames; 0-8 covers its defaults (4) and deep pyramids.
  const bframes = focus === 'b-pyramid' ? 3 : rng.int(0, hevc ? 8 : 4);
  const forcedAt =
    shape === 'forced'
      ? Array.from({ length: rng.int(2, 6) }, () => rng.int(1, Math.floor(seconds * 10) - 1) / 10).sort(
          (a, b) => a - b,
        )
      : [];
  return {
    shape,
    keyint,
    bframes,
    pyramid: bframes >= 2 && (focus === 'b-pyramid' || rng.chance(0.6)),
    refs: focus === 'many-refs' ? rng.int(8, 16) : rng.pick([1, 2, 3, 4, 6, 16]),
    forcedAt: [...new Set(forcedAt)],
    // Drawn for HEVC only, so the other codecs' recipes stay what they were.
    temporalLayers: hevc && (focus === 'temporal-layers' || rng.chance(0.35)),
  };
}

// The families a recipe exercises (what a run's coverage is measured by).
export function familiesOf(r: RecipeSpec): Family[] {
  const f: Family[] = [r.container, r.codec];
  const h264 = r.codec === 'h264';
  if (r.gop.shape === 'open') f.push('open-gop');
  if (h264 && r.gop.pyramid) f.push('b-pyramid');
  if (h264 && r.gop.refs >= 8) f.push('many-refs');
  if (h264 && r.gop.shape === 'intra-refresh') f.push('intra-refresh');
  if (r.gop.shape === 'scene-cut') f.push('scene-cut-idr');
  if (r.gop.shape === 'forced') f.push('irregular-idr');
  if (r.gop.keyint === 1) f.push('keyint-1');
  if (r.gop.keyint >= 300) f.push('keyint-long');
  if (r.rate === '30000/1001' || r.rate === '24000/1001') f.push(`rate-${r.rate}`);
  if (r.vfr) f.push('vfr');
  if (r.cutAt !== null) f.push('stream-copy-cut');
  if (r.startOffset !== null) f.push('start-offset');
  if (r.mp4Layout !== 'plain') f.push(r.mp4Layout);
  if (r.stripStss) f.push('no-stss');
  if (r.extraVideos.length > 0) f.push('multi-video');
  if (r.cover) f.push('cover-picture');
  if (r.audioLead !== null && r.audioLead < 0) f.push('audio-before-video');
  if (r.audioLead !== null && r.audioLead > 0) f.push('audio-after-video');
  if (r.darkCorner) f.push('dark-corner');
  if (r.gop.temporalLayers) f.push('temporal-layers');
  return f;
}
