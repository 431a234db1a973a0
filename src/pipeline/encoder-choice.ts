// The preview encoder, decided once per worker: detection runs a real short encode through each
// candidate chain on first use (never at start for phash-only runs), and its findings are logged
// at info level so a user sees why hardware was or was not used.
import { createHwDetector } from '../media/hwaccel/detect.js';
import { resolveEncoder } from '../media/hwaccel/resolve.js';
import { SOFTWARE_ENCODER, type EncoderChoice, type HwAccelMode } from '../media/hwaccel/types.js';
import type { ProcessRunner } from '../media/run-process.js';
import type { Logger } from '../observability/logger.js';

// A memoized `() => Promise<EncoderChoice>` for the mode.
export function lazyEncoderChoice(
  mode: HwAccelMode,
  run: ProcessRunner,
  ffmpeg: string,
  logger: Logger,
): () => Promise<EncoderChoice> {
  if (mode === 'off') return () => Promise.resolve(SOFTWARE_ENCODER);
  const detector = createHwDetector({ run, ffmpeg, backends: mode === 'auto' ? undefined : [mode] });
  let choice: Promise<EncoderChoice> | null = null;
  return () =>
    (choice ??= detector.detect().then((caps) => {
      for (const c of caps)
        logger.info(
          `hardware ${c.backend} on ${c.device}: ${c.passed ? 'usable' : `not usable: ${c.reason}`}`,
        );
      if (caps.length === 0) logger.info('hardware: no render device found; previews encode in software');
      const picked = resolveEncoder(mode, caps);
      logger.info(
        `preview encoder: ${picked.kind === 'hardware' ? `${picked.chain.backend} on ${picked.chain.device}` : 'libx264 (software)'}`,
      );
      return picked;
    }));
}
