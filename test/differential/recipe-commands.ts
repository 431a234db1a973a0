// Turns a RecipeSpec into the steps that build its file: ffmpeg command lines run in the file's
// own folder (lavfi sources only, so any machine with ffmpeg rebuilds the same file), plus the
// removal of MP4 `stss` boxes, done from Node (mp4-boxes.ts). Pure: nothing here runs.
import { toShell } from '../../src/media/shell-quote.js';
import { isMp4Like, type RecipeSpec } from './recipe.js';

export type RecipeStep = { kind: 'ffmpeg'; args: string[] } | { kind: 'strip-stss'; file: string };

export interface Recipe {
  spec: RecipeSpec;
  /** The file the steps make, relative to their folder. */
  file: string;
  steps: RecipeStep[];
}

// The steps that build `spec`'s file.
export function buildRecipe(spec: RecipeSpec): Recipe {
  const file = `${spec.id}.${spec.container}`;
  const steps: RecipeStep[] = [];
  if (spec.cover)
    steps.push(ffmpeg(['-f', 'lavfi', '-i', 'testsrc=s=96x96:d=1', '-frames:v', '1', 'cover.png']));
  const finalOptions = [
    ...(spec.mp4Layout === 'fragmented' ? ['-movflags', '+frag_keyframe+empty_moov+default_base_moof'] : []),
    ...(spec.mp4Layout === 'faststart' ? ['-movflags', '+faststart'] : []),
    ...(spec.startOffset === null ? [] : ['-output_ts_offset', String(spec.startOffset)]),
  ];
  if (spec.cutAt === null) {
    steps.push(ffmpeg([...encodeArgs(spec), ...finalOptions, file]));
  } else {
    // A stream-copy cut at a (generally) non-key time: the muxer keeps the packets from the
    // keyframe before and marks the lead-in as discarded (MP4 edit list) or shifts timestamps.
    const source = `source.${spec.container}`;
    steps.push(ffmpeg([...encodeArgs(spec), source]));
    steps.push(
      ffmpeg(['-ss', String(spec.cutAt), '-i', source, '-map', '0', '-c', 'copy', ...finalOptions, file]),
    );
  }
  if (spec.stripStss) steps.push({ kind: 'strip-stss', file });
  return { spec, file, steps };
}

// The recipe as shell lines to paste (run them in an empty folder).
export function recipeToShell(recipe: Recipe): string[] {
  return recipe.steps.map((step) =>
    step.kind === 'ffmpeg'
      ? toShell('ffmpeg', step.args)
      : `# rename every 'stss' box of ${step.file} to 'free' (test/differential/mp4-boxes.ts stripStss)`,
  );
}

function ffmpeg(args: string[]): RecipeStep {
  return { kind: 'ffmpeg', args: ['-v', 'error', '-y', ...args] };
}

// Seconds the encode lasts: the stream-copy cut removes the first cutAt of them.
function encodedSeconds(spec: RecipeSpec): number {
  return Math.round((spec.seconds + (spec.cutAt ?? 0)) * 10) / 10;
}

// The main video as one lavfi graph: testsrc2 (or three segments with cuts between them), then
// the dark corner and the frame dropping.
export function mainVideoGraph(spec: RecipeSpec): string {
  const total = encodedSeconds(spec);
  const src = (name: string, d: number) => `${name}=s=${spec.width}x${spec.height}:r=${spec.rate}:d=${d}`;
  const post = [
    ...(spec.darkCorner ? ['drawbox=x=iw*3/4:y=0:w=iw/4:h=ih/4:color=0x0a0a0a:t=fill'] : []),
    // random(0) is seeded by the expression's own state: the same frames are dropped every time.
    ...(spec.vfr ? ["select='lt(random(0),0.7)'"] : []),
  ];
  if (!spec.cuts) return [src('testsrc2', total), ...post].join(',');
  const a = Math.round(total * 3.7) / 10;
  const b = Math.round(total * 2.9) / 10;
  const c = Math.round((total - a - b) * 10) / 10;
  return (
    `${src('testsrc2', a)}[a];${src('testsrc', b)}[b];${src('testsrc2', c)},negate[c];` +
    `[a][b][c]concat=n=3:v=1:a=0${post.map((p) => `,${p}`).join('')}[out0]`
  );
}

function encodeArgs(spec: RecipeSpec): string[] {
  const total = encodedSeconds(spec);
  const videoDelay =
    spec.audioLead !== null && spec.audioLead < 0 ? ['-itsoffset', String(-spec.audioLead)] : [];
  const args = [...videoDelay, '-f', 'lavfi', '-i', mainVideoGraph(spec)];
  for (const v of spec.extraVideos)
    args.push(
      ...videoDelay,
      '-f',
      'lavfi',
      '-i',
      `testsrc=s=${v.width}x${v.height}:r=${spec.rate}:d=${total}`,
    );
  const videos = 1 + spec.extraVideos.length;
  const coverMp4 = spec.cover && isMp4Like(spec.container);
  // Output video stream numbers: a cover put first becomes v:0 (what `-map 0:v:0` would pick).
  const coverSlot = coverMp4 ? (spec.coverFirst ? 0 : videos) : null;
  const slots = Array.from({ length: videos }, (_, v) => (coverSlot === 0 ? v + 1 : v));
  const maps = Array.from({ length: videos }, (_, i) => ['-map', `${i}:v`]).flat();
  if (coverMp4) {
    args.push('-i', 'cover.png');
    if (coverSlot === 0) maps.unshift('-map', `${videos}:v`);
    else maps.push('-map', `${videos}:v`);
  }
  if (spec.audioLead !== null) {
    if (spec.audioLead > 0) args.push('-itsoffset', String(spec.audioLead));
    args.push('-f', 'lavfi', '-i', `sine=frequency=440:duration=${total}`);
    maps.push('-map', `${videos + (coverMp4 ? 1 : 0)}:a`);
  }
  args.push(...maps, ...videoCodecArgs(spec, slots));
  slots.forEach((slot, v) => args.push(`-disposition:v:${slot}`, spec.defaultVideo === v ? 'default' : '0'));
  if (coverSlot !== null)
    args.push(`-c:v:${coverSlot}`, 'png', `-disposition:v:${coverSlot}`, 'attached_pic');
  if (spec.cover && spec.container === 'mkv')
    args.push(
      '-attach',
      'cover.png',
      '-metadata:s:t',
      'mimetype=image/png',
      '-metadata:s:t',
      'filename=cover.png',
    );
  if (spec.audioLead !== null) {
    const audio = spec.container === 'webm' ? 'libopus' : spec.container === 'avi' ? 'libmp3lame' : 'aac';
    args.push('-c:a', audio, '-b:a', '48k');
  }
  if (spec.vfr) args.push('-fps_mode', 'vfr');
  return args;
}

function videoCodecArgs(spec: RecipeSpec, slots: readonly number[]): string[] {
  const { gop } = spec;
  const pixFmt = spec.codec === 'hevc10' ? 'yuv420p10le' : 'yuv420p';
  const args = slots.flatMap((slot) => [`-pix_fmt:v:${slot}`, pixFmt]);
  const minKeyint = gop.shape === 'scene-cut' ? Math.min(5, gop.keyint) : gop.keyint;
  const scenecut = gop.shape === 'scene-cut' || gop.shape === 'open' ? 40 : 0;
  if (spec.codec === 'h264') {
    const params = [
      `keyint=${gop.keyint}`,
      `min-keyint=${minKeyint}`,
      `scenecut=${scenecut}`,
      `bframes=${gop.bframes}`,
      `b-pyramid=${gop.pyramid ? 'normal' : 'none'}`,
      `ref=${gop.refs}`,
      ...(gop.shape === 'open' ? ['open-gop=1'] : []),
      ...(gop.shape === 'intra-refresh' ? ['intra-refresh=1'] : []),
    ];
    args.push('-c:v', 'libx264', '-preset', 'veryfast', '-x264-params', params.join(':'));
  } else if (spec.codec === 'vp9') {
    // prettier-ignore
    args.push('-c:v', 'libvpx-vp9', '-g', String(gop.keyint), '-crf', '40', '-b:v', '0', '-row-mt', '0',
      ...(spec.altRef
        ? ['-deadline', 'good', '-cpu-used', '5', '-auto-alt-ref', '1', '-lag-in-frames', '16']
        : ['-deadline', 'realtime', '-cpu-used', '8', '-auto-alt-ref', '0']));
  } else {
    const params = [
      'log-level=error',
      `keyint=${gop.keyint}`,
      `min-keyint=${minKeyint}`,
      `scenecut=${scenecut}`,
      `bframes=${gop.bframes}`,
      `b-pyramid=${gop.pyramid ? 1 : 0}`,
      `ref=${Math.min(gop.refs, 5)}`,
      `open-gop=${gop.shape === 'open' ? 1 : 0}`,
      ...(gop.temporalLayers ? ['temporal-layers=1'] : []),
    ];
    args.push('-c:v', 'libx265', '-preset', 'superfast', '-x265-params', params.join(':'));
  }
  if (gop.forcedAt.length > 0) args.push('-force_key_frames', gop.forcedAt.join(','));
  return args;
}
