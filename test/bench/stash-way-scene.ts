// The Stash way for a whole scene, as a baseline: Stash's Generate runs phash, cover, sprite and
// preview one after another, each ffmpeg command sequentially, with Stash's exact arguments.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildCoverArgs } from '../../src/generators/cover.js';
import {
  buildConcatArgs,
  buildConcatList,
  buildPreviewChunkArgs,
  planPreview,
} from '../../src/generators/preview-plan.js';
import { DEFAULT_PREVIEW_SETTINGS } from '../../src/generators/preview-settings.js';
import { SOFTWARE_ENCODER } from '../../src/media/hwaccel/types.js';
import { probeVideo } from '../../src/media/probe.js';
import { runProcess } from '../../src/media/run-process.js';
import { buildScreenshotArgs } from '../../src/media/screenshot-args.js';
import { decodeBmp } from '../../src/phash/bmp.js';
import { combineImages } from '../../src/phash/montage.js';
import { perceptionHash } from '../../src/phash/perception-hash.js';
import { formatPhash } from '../../src/phash/phash-hex.js';
import { phashTimestamps } from '../../src/phash/timestamps.js';

const [input] = process.argv.slice(2);
if (!input) throw new Error('usage: stash-way-scene.ts FILE');
const ff = (args: string[]) =>
  execFileSync('ffmpeg', args, { stdio: ['ignore', 'pipe', 'inherit'], maxBuffer: 1 << 28 });
const video = await probeVideo(runProcess, 'ffprobe', input);
const work = mkdtempSync(join(tmpdir(), 'stash-way-'));
try {
  const phash = perceptionHash(
    combineImages(
      phashTimestamps(video.fileDuration).map((t) => decodeBmp(ff(buildScreenshotArgs(input, t)))),
      5,
      5,
    ),
  );
  ff(buildCoverArgs(input, video.fileDuration * 0.2, join(work, 'cover.jpg')));
  const step = video.videoStreamDuration / 81;
  for (let i = 0; i < 81; i++) ff(buildScreenshotArgs(input, i * step));
  const plan = planPreview(video, DEFAULT_PREVIEW_SETTINGS);
  const chunks = plan.segments.map((seg, i) => {
    const out = join(work, `chunk-${i}.mp4`);
    ff(
      buildPreviewChunkArgs(input, seg, {
        settings: plan.settings,
        fallback: false,
        useVsync2: plan.useVsync2,
        encoder: SOFTWARE_ENCODER,
        output: out,
      }),
    );
    return out;
  });
  if (!plan.single) {
    writeFileSync(join(work, 'list.txt'), buildConcatList(chunks.map((c) => c.split('/').pop()!)));
    ff(buildConcatArgs(join(work, 'list.txt'), join(work, 'preview.mp4')));
  }
  process.stdout.write(`${formatPhash(phash)}  ${input}\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
