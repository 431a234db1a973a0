// The phash parity gate at the start of `run` and `serve`: when phash is among the steps, measure
// parity with Stash's ffmpeg (src/pipeline/phash-parity.ts), say what was found, and drop the phash
// step when a sampled file differs. --allow-phash-mismatch skips the measurement altogether.
import {
  measurePhashParity,
  phashRefusal,
  withoutRefusedPhash,
  type PhashParityReport,
} from '../../src/pipeline/phash-parity.js';
import type { WorkerSetup } from './worker-setup.js';

export interface PhashGate {
  /** The context to run with: without the phash step when it was refused. */
  ctx: WorkerSetup['ctx'];
  /** null when not measured (phash not selected, or --allow-phash-mismatch). */
  report: PhashParityReport | null;
  refusal: string | null;
}

// Measures parity and applies the gate; a refusal is written to `stderr`, whatever the log level.
export async function gatePhashWrites(
  ctx: WorkerSetup['ctx'],
  stderr: (text: string) => void,
): Promise<PhashGate> {
  if (!ctx.config.steps.includes('phash')) return { ctx, report: null, refusal: null };
  if (ctx.config.allowPhashMismatch) {
    ctx.logger.warn('phash parity not measured: --allow-phash-mismatch writes phashes whatever they are');
    return { ctx, report: null, refusal: null };
  }
  const report = await measurePhashParity(ctx, {
    onFile: (f, done, total) =>
      ctx.logger.info(`phash parity ${done}/${total}`, { sceneId: f.sceneId, distance: f.distance }),
  });
  const ffmpeg = report.ffmpegVersion;
  if (report.hashedScenes === 0) {
    ctx.logger.warn(
      "phash parity: no scene has a phash yet, so this ffmpeg cannot be compared with Stash's; use the same ffmpeg build as Stash",
      { ffmpeg },
    );
  }
  for (const f of report.classes.flatMap((c) => c.files).filter((x) => (x.distance ?? 0) > 0)) {
    const { sceneId, path, stored, computed, distance } = f;
    ctx.logger.warn('phash parity: different phash', {
      sceneId,
      path,
      stash: stored,
      here: computed,
      distance,
    });
  }
  if (report.hashedScenes > 0 && report.mismatched === 0) {
    ctx.logger.info(
      `phash parity: ${report.matched} sampled file(s) exact, ${report.failed} not hashable here`,
      {
        ffmpeg,
      },
    );
  }
  const refusal = phashRefusal(report, false);
  if (refusal !== null) stderr(`phashvaapi: ${refusal}\n`);
  return { ctx: withoutRefusedPhash(ctx, refusal), report, refusal };
}
