// Scene-marker media as Stash's Generate makes them (stash pkg/scene/generate/marker_preview.go,
// docs/stash-spec.md §3.3): for each marker, the preview mp4, the animated webp and the
// screenshot at <generated>/markers/<hash>/<int(seconds)>.mp4|.webp|.jpg, each written
// atomically and made only when missing (or --force). The markers come without end_seconds
// (v0.24.3 lacks it), so every clip is Stash's default 20 s. The mp4 is a preview (never
// bit-identical to Stash's anyway), so it is encoded on the GPU when --hwaccel allows, with the
// preview's rules: software redo in `auto`, HwAccelUnavailableError when a backend is required.
// The webp and the screenshot stay on Stash's software commands.
import { withAtomicOutput } from '../../generators/atomic-write.js';
import {
  buildMarkerScreenshotArgs,
  buildMarkerVideoArgs,
  buildMarkerWebpArgs,
  planMarkerMedia,
  type MarkerMediaPlan,
} from '../../generators/marker-plan.js';
import { runMarkerMedia, type MarkerArtifact } from '../../generators/marker.js';
import { PREVIEW_WIDTH } from '../../generators/preview-plan.js';
import { fileNeeded } from '../../generators/required.js';
import { runLimits } from '../../generators/types.js';
import { goFloatString } from '../../media/go-float.js';
import { buildHwChain } from '../../media/hwaccel/chains.js';
import { HwAccelUnavailableError } from '../../media/hwaccel/errors.js';
import type { EncoderChoice, HwChain } from '../../media/hwaccel/types.js';
import { toShell } from '../../media/shell-quote.js';
import type { SceneStep, WorkerContext } from '../context.js';
import { artifactHashOf, generatedDirOf, generatorDeps, primaryInput } from './generator-support.js';
import { previewSettingsOf } from './preview-settings.js';

/** Stash's marker mp4 quality (libx264 -crf 24), used as the hardware chain's constant quality. */
const MARKER_QUALITY = 24;

interface MarkerJob {
  markerId: string;
  title: string;
  plan: MarkerMediaPlan;
  which: MarkerArtifact[];
}

interface MarkersPlan {
  jobs: MarkerJob[];
}

const ARTIFACTS: readonly MarkerArtifact[] = ['video', 'webp', 'screenshot'];

// The marker mp4 through a hardware chain: Stash's seek, length, faststart and audio; the GPU's
// encoder and scaler in place of libx264 and scale=640:-2.
export function buildHwMarkerVideoArgs(plan: MarkerMediaPlan, output: string, chain: HwChain): string[] {
  // prettier-ignore
  return [
    '-v', 'error', '-y', ...chain.inputArgs,
    ...(plan.seconds > 0 ? ['-ss', goFloatString(plan.seconds)] : []), '-i', plan.input,
    '-t', goFloatString(plan.videoDuration),
    '-max_muxing_queue_size', '1024',
    '-c:v', chain.encoder, '-vf', chain.videoFilter, ...chain.codecArgs,
    '-movflags', '+faststart',
    ...(plan.audio ? ['-c:a', 'aac', '-b:a', '64k'] : ['-an']),
    output,
  ];
}

// The chosen encoder's chain at the marker's quality, or null for software.
function markerChain(encoder: EncoderChoice): HwChain | null {
  if (encoder.kind !== 'hardware') return null;
  const { backend, device, hwDecode } = encoder.chain;
  return buildHwChain(backend, device, { width: PREVIEW_WIDTH, hwDecode, quality: MARKER_QUALITY });
}

export const markersStep: SceneStep<MarkersPlan> = {
  id: 'markers',

  async plan(scene, ctx) {
    const input = primaryInput(scene, ctx);
    if (!input || scene.scene_markers.length === 0) return null;
    const generated = generatedDirOf(ctx);
    const hash = artifactHashOf(scene, ctx);
    const audio = previewSettingsOf(ctx.stash).audio;
    const videoWidth = scene.files[0]?.width ?? 0;
    const jobs: MarkerJob[] = [];
    const seen = new Set<string>();
    for (const marker of scene.scene_markers) {
      const plan = planMarkerMedia(
        input.path,
        generated,
        hash,
        { seconds: marker.seconds, endSeconds: null },
        { audio, videoWidth },
      );
      // Markers in the same second share Stash's file names: make them once.
      if (seen.has(plan.paths.video)) continue;
      seen.add(plan.paths.video);
      const which: MarkerArtifact[] = [];
      for (const artifact of ARTIFACTS)
        if (await fileNeeded(plan.paths[artifact], ctx.config.force)) which.push(artifact);
      if (which.length > 0) jobs.push({ markerId: marker.id, title: marker.title, plan, which });
    }
    if (jobs.length === 0) return null;
    const chain = jobs.some((j) => j.which.includes('video')) ? markerChain(await ctx.encoder()) : null;
    const commands = jobs.flatMap((j) =>
      j.which.map((artifact) => {
        const output = j.plan.paths[artifact];
        const args =
          artifact === 'video'
            ? chain
              ? buildHwMarkerVideoArgs(j.plan, output, chain)
              : buildMarkerVideoArgs(j.plan, output)
            : artifact === 'webp'
              ? buildMarkerWebpArgs(j.plan, output)
              : buildMarkerScreenshotArgs(j.plan, output);
        return toShell(ctx.config.ffmpegPath, args);
      }),
    );
    const files = jobs.reduce((n, j) => n + j.which.length, 0);
    return {
      step: 'markers',
      summary: `${files} file(s) for ${jobs.length} marker(s) under ${generated}/markers/${hash}/${chain ? ` (mp4 on ${chain.backend})` : ''}`,
      commands,
      data: { jobs },
    };
  },

  async run(plan, _scene, ctx) {
    const deps = generatorDeps(ctx);
    const encoder = plan.data.jobs.some((j) => j.which.includes('video')) ? await ctx.encoder() : null;
    const chain = encoder ? markerChain(encoder) : null;
    let written = 0;
    let hardware = 0;
    let videos = 0;
    for (const job of plan.data.jobs) {
      ctx.signal.throwIfAborted();
      let rest = job.which;
      if (chain && job.which.includes('video')) {
        videos++;
        if (await encodeOnGpu(job.plan, chain, encoder!, ctx)) {
          hardware++;
          written++;
          rest = rest.filter((a) => a !== 'video');
        }
      } else if (job.which.includes('video')) videos++;
      written += (await runMarkerMedia(job.plan, deps, rest)).length;
    }
    return {
      detail: `${written} marker file(s) for ${plan.data.jobs.length} marker(s)${hardware > 0 ? `, ${hardware} mp4 on ${chain!.backend}` : ''}`,
      // The step counts as hardware when every mp4 it made was encoded on the GPU.
      hardware: videos > 0 && hardware === videos,
    };
  },
};

// One marker mp4 on the GPU; false when it failed in `auto` mode (the caller redoes it in software).
async function encodeOnGpu(
  plan: MarkerMediaPlan,
  chain: HwChain,
  encoder: EncoderChoice,
  ctx: WorkerContext,
): Promise<boolean> {
  const deps = generatorDeps(ctx);
  try {
    await withAtomicOutput(plan.paths.video, (tmp) =>
      deps.limit(() =>
        deps.run({ bin: deps.ffmpeg, args: buildHwMarkerVideoArgs(plan, tmp, chain), ...runLimits(deps) }),
      ),
    );
    return true;
  } catch (error) {
    if (ctx.signal.aborted) throw error;
    const message = error instanceof Error ? (error.message.split('\n')[0] ?? '') : String(error);
    if (encoder.kind === 'hardware' && encoder.required) {
      throw new HwAccelUnavailableError(
        chain.backend,
        [`${chain.device}: marker encode of ${plan.input} at ${plan.seconds} s failed: ${message}`],
        { cause: error },
      );
    }
    ctx.logger.warn('hardware marker encode failed; redoing it in software', {
      input: plan.input,
      seconds: plan.seconds,
      backend: chain.backend,
      error: message,
    });
    return false;
  }
}
