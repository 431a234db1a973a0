// Runs the video preview and its animated webp (stash pkg/scene/generate/preview.go,
// internal/manager/task_generate_preview.go). A pass encodes the chunks (in parallel, bounded by
// the shared limiter) in a private OS temp dir and concatenates them; if any run fails, the whole
// preview is redone with Stash's slow-seek fallback pass. The result is published atomically.
// Hardware: the chain gets both passes; in `auto` a failure is logged and the step redone in
// software (`fellBack`), a required backend fails the step with HwAccelUnavailableError.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HwAccelUnavailableError } from '../media/hwaccel/errors.js';
import { SOFTWARE_ENCODER, type EncoderChoice } from '../media/hwaccel/types.js';
import { probeVideo, type VideoInfo } from '../media/probe.js';
import { withAtomicOutput } from './atomic-write.js';
import {
  buildPreviewCommands,
  buildPreviewWebpArgs,
  CONCAT_LIST_NAME,
  type PreviewPlan,
} from './preview-plan.js';
import type { ResolvedPreviewSettings } from './preview-settings.js';
import { runLimits, type GeneratorDeps } from './types.js';

export interface PreviewResult {
  /** The published preview was encoded on the GPU. */
  readonly hardware: boolean;
  /** A hardware encode failed on this file and the preview was redone in software. */
  readonly fellBack: boolean;
  /** Stash's slow-seek fallback pass made the published preview. */
  readonly slowSeek: boolean;
  readonly ms: number;
}

// Stash's fresh ffprobe for a preview; a file without video is accepted (Stash makes an audio-only preview).
export async function probePreviewInput(deps: GeneratorDeps, input: string): Promise<VideoInfo> {
  return probeVideo(deps.run, deps.ffprobe, input, { signal: deps.signal, allowNoVideo: true });
}

// Encodes the preview of `plan` with `encoder` and publishes it at `output` (<generated>/screenshots/<hash>.mp4).
export async function runPreview(
  plan: PreviewPlan,
  deps: GeneratorDeps,
  options: { output: string; encoder: EncoderChoice },
): Promise<PreviewResult> {
  const started = performance.now();
  const { encoder } = options;
  const done = (r: Omit<PreviewResult, 'ms'>): PreviewResult => ({
    ...r,
    ms: Math.round(performance.now() - started),
  });
  return withAtomicOutput(options.output, async (tmp) => {
    if (encoder.kind === 'hardware') {
      try {
        const slowSeek = await encodeWithFallback(plan, deps, encoder, tmp);
        return done({ hardware: true, fellBack: false, slowSeek });
      } catch (error) {
        if (deps.signal?.aborted) throw error;
        const { backend, device } = encoder.chain;
        if (encoder.required) {
          throw new HwAccelUnavailableError(
            backend,
            [`${device}: preview encode of ${plan.input} failed: ${summarize(error)}`],
            {
              cause: error,
            },
          );
        }
        deps.logger.warn('hardware preview encode failed; redoing it in software', {
          input: plan.input,
          backend,
          device,
          error: summarize(error),
        });
      }
    }
    const slowSeek = await encodeWithFallback(plan, deps, SOFTWARE_ENCODER, tmp);
    return done({ hardware: false, fellBack: encoder.kind === 'hardware', slowSeek });
  });
}

// Stash's two tries: fast seek with -xerror, then (on any failure) the slow-seek pass. Returns whether the fallback was needed.
async function encodeWithFallback(
  plan: PreviewPlan,
  deps: GeneratorDeps,
  encoder: EncoderChoice,
  out: string,
): Promise<boolean> {
  try {
    await encodePass(plan, deps, encoder, false, out);
    return false;
  } catch (error) {
    if (deps.signal?.aborted) throw error;
    deps.logger.warn('preview failed; trying the slow-seek fallback', {
      input: plan.input,
      error: summarize(error),
    });
    await encodePass(plan, deps, encoder, true, out);
    return true;
  }
}

async function encodePass(
  plan: PreviewPlan,
  deps: GeneratorDeps,
  encoder: EncoderChoice,
  fallback: boolean,
  output: string,
): Promise<void> {
  if (plan.single) {
    const { chunks } = buildPreviewCommands(plan, { workDir: tmpdir(), output, fallback, encoder });
    await deps.limit(() => deps.run({ bin: deps.ffmpeg, args: chunks[0]!, ...runLimits(deps) }));
    return;
  }
  const workDir = await mkdtemp(join(tmpdir(), 'phashvaapi-preview-'));
  try {
    const commands = buildPreviewCommands(plan, { workDir, output, fallback, encoder });
    await runAllOrNone(commands.chunks, deps);
    await writeFile(join(workDir, CONCAT_LIST_NAME), commands.concatList!);
    await deps.limit(() => deps.run({ bin: deps.ffmpeg, args: commands.concat!, ...runLimits(deps) }));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

// Runs every argv; on the first failure the others are cancelled and that failure is thrown.
async function runAllOrNone(commands: readonly string[][], deps: GeneratorDeps): Promise<void> {
  const local = new AbortController();
  const forward = (): void => local.abort();
  if (deps.signal?.aborted) local.abort();
  deps.signal?.addEventListener('abort', forward, { once: true });
  let firstError: unknown = null;
  try {
    await Promise.allSettled(
      commands.map((args) =>
        deps.limit(async () => {
          if (local.signal.aborted) return;
          try {
            await deps.run({ ...runLimits(deps), bin: deps.ffmpeg, args, signal: local.signal });
          } catch (error) {
            firstError ??= error;
            local.abort();
          }
        }),
      ),
    );
  } finally {
    deps.signal?.removeEventListener('abort', forward);
  }
  if (firstError !== null) throw firstError;
}

// Makes <generated>/screenshots/<hash>.webp from the generated preview mp4, atomically.
export async function runPreviewWebp(
  previewMp4: string,
  output: string,
  settings: ResolvedPreviewSettings,
  deps: GeneratorDeps,
): Promise<{ ms: number }> {
  const started = performance.now();
  await withAtomicOutput(output, (tmp) =>
    deps.limit(() =>
      deps.run({
        bin: deps.ffmpeg,
        args: buildPreviewWebpArgs(previewMp4, tmp, settings),
        ...runLimits(deps),
      }),
    ),
  );
  return { ms: Math.round(performance.now() - started) };
}

// The first line of the message (reason and command) and the last line of ffmpeg's stderr.
function summarize(error: unknown): string {
  const text = error instanceof Error ? error.message : String(error);
  const tail =
    error instanceof Error && 'stderrTail' in error ? String(error.stderrTail).trim().split('\n').pop() : '';
  return tail ? `${text.split('\n')[0]} | ${tail}` : (text.split('\n')[0] ?? text);
}
