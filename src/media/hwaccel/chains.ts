// Backend name → chain builder (exhaustive).
import { nvencChain } from './nvenc.js';
import { qsvChain } from './qsv.js';
import type { HwBackend, HwChain, HwChainOptions } from './types.js';
import { vaapiChain } from './vaapi.js';

// The encode chain of `backend` on `device`.
export function buildHwChain(backend: HwBackend, device: string, options: HwChainOptions = {}): HwChain {
  switch (backend) {
    case 'vaapi':
      return vaapiChain(device, options);
    case 'qsv':
      return qsvChain(device, options);
    case 'nvenc':
      return nvencChain(device, options);
    default:
      return backend satisfies never;
  }
}
