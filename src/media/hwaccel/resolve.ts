// Picks the preview encoder from the mode and detection results. Pure.
import { buildHwChain } from './chains.js';
import { HwAccelUnavailableError } from './errors.js';
import {
  HW_BACKENDS,
  SOFTWARE_ENCODER,
  type EncoderChoice,
  type HwAccelMode,
  type HwCapability,
  type HwChainOptions,
} from './types.js';

// off → software; auto → the first capability that passed (VAAPI, then QSV, then NVENC) or software;
// a named backend → its first passing device, else HwAccelUnavailableError with every reason.
export function resolveEncoder(
  mode: HwAccelMode,
  capabilities: readonly HwCapability[],
  options: HwChainOptions = {},
): EncoderChoice {
  if (mode === 'off') return SOFTWARE_ENCODER;
  const wanted = mode === 'auto' ? HW_BACKENDS : [mode];
  for (const backend of wanted) {
    const found = capabilities.find((c) => c.backend === backend && c.passed);
    if (found)
      return {
        kind: 'hardware',
        chain: buildHwChain(backend, found.device, options),
        required: mode !== 'auto',
      };
  }
  if (mode === 'auto') return SOFTWARE_ENCODER;
  const reasons = capabilities.filter((c) => c.backend === mode).map((c) => `${c.device}: ${c.reason}`);
  throw new HwAccelUnavailableError(mode, reasons);
}
