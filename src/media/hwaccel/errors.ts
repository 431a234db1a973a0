// Errors of the hardware layer.
import { PhashVaapiError } from '../../errors.js';
import type { HwAccelMode } from './types.js';

// A hardware backend was required (hwaccel=vaapi|qsv|nvenc) but is unavailable or failed.
export class HwAccelUnavailableError extends PhashVaapiError {
  readonly mode: HwAccelMode;
  readonly reasons: readonly string[];
  constructor(mode: HwAccelMode, reasons: readonly string[], options?: { cause?: unknown }) {
    const detail = reasons.length > 0 ? reasons.join('; ') : 'no device found';
    super(`hardware acceleration "${mode}" is required but unavailable: ${detail}`, options);
    this.mode = mode;
    this.reasons = reasons;
  }
}
