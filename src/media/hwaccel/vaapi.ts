// The only module that knows VAAPI's ffmpeg flags. Software decode uploads NV12 frames and scales
// on the GPU; with hwDecode the frames never leave the GPU (stash codec_hardware.go's full-hw path).
import type { HwChain, HwChainOptions } from './types.js';

export const VAAPI_ENCODER = 'h264_vaapi';

// A VAAPI encode chain on a render node, e.g. /dev/dri/renderD128.
export function vaapiChain(device: string, options: HwChainOptions = {}): HwChain {
  const width = options.width ?? 640;
  const hwDecode = options.hwDecode ?? false;
  const scale = `scale_vaapi=w=${width}:h=-2`;
  return {
    backend: 'vaapi',
    device,
    encoder: VAAPI_ENCODER,
    hwDecode,
    inputArgs: hwDecode
      ? ['-vaapi_device', device, '-hwaccel', 'vaapi', '-hwaccel_output_format', 'vaapi']
      : ['-vaapi_device', device],
    videoFilter: hwDecode ? `${scale}:format=nv12` : `format=nv12,hwupload,${scale}`,
    codecArgs: ['-qp', String(options.quality ?? 21)],
  };
}
