// The only module that knows Intel Quick Sync's ffmpeg flags. The QSV session is created on the
// given render node; frames are scaled in software (scale_qsv cannot take -2 on every ffmpeg, see
// stash codec_hardware.go) and uploaded. QSV decoding needs per-codec *_qsv decoders, so hwDecode
// is not offered: the option is ignored.
import type { HwChain, HwChainOptions } from './types.js';

export const QSV_ENCODER = 'h264_qsv';

// A QSV encode chain on a render node, e.g. /dev/dri/renderD128.
export function qsvChain(device: string, options: HwChainOptions = {}): HwChain {
  const width = options.width ?? 640;
  return {
    backend: 'qsv',
    device,
    encoder: QSV_ENCODER,
    hwDecode: false,
    inputArgs: ['-init_hw_device', `qsv=qs:hw,child_device=${device}`, '-filter_hw_device', 'qs'],
    videoFilter: `scale=${width}:-2,format=nv12,hwupload=extra_hw_frames=64,format=qsv`,
    codecArgs: ['-global_quality', String(options.quality ?? 21), '-preset', 'faster'],
  };
}
