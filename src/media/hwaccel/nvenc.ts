// The only module that knows NVIDIA NVENC's ffmpeg flags (CUDA device by GPU index).
import type { HwChain, HwChainOptions } from './types.js';

export const NVENC_ENCODER = 'h264_nvenc';

// An NVENC encode chain on GPU `device` (an index such as `0`).
export function nvencChain(device: string, options: HwChainOptions = {}): HwChain {
  const width = options.width ?? 640;
  const hwDecode = options.hwDecode ?? false;
  const scale = `scale_cuda=w=${width}:h=-2`;
  const init = ['-init_hw_device', `cuda=cu:${device}`, '-filter_hw_device', 'cu'];
  return {
    backend: 'nvenc',
    device,
    encoder: NVENC_ENCODER,
    hwDecode,
    inputArgs: hwDecode ? [...init, '-hwaccel', 'cuda', '-hwaccel_output_format', 'cuda'] : init,
    videoFilter: hwDecode ? `${scale}:format=yuv420p` : `format=nv12,hwupload,${scale}`,
    codecArgs: ['-rc', 'vbr', '-cq', String(options.quality ?? 21), '-b:v', '0'],
  };
}
