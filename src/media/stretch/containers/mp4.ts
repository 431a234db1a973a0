// MP4/MOV rules of the stretch path. The mov demuxer seeks to the sample at or before the target
// from `stss` (the K flag ffprobe prints), by pts (AVFMT_SEEK_TO_PTS: fftools seeks at exactly
// -ss + start_time). Samples hold the frame's bytes at pkt->pos.
import { keyframeFlagsIneligibility } from '../mp4-keyframes.js';
import type { PacketIndex } from '../packet-index.js';
import type { ContainerRules } from './types.js';

export const mp4Rules: ContainerRules = {
  name: 'mp4',
  matches: (index: PacketIndex) => index.formatName.split(',').includes('mp4'),
  packetProblem(index) {
    const p = index.packets;
    for (let i = 0; i < p.length; i++) {
      const x = p[i]!;
      if (![x.pts, x.dts, x.pos, x.size].every(Number.isFinite)) return 'packet without pts, dts or position';
      if (i > 0 && (x.pos <= p[i - 1]!.pos || x.dts <= p[i - 1]!.dts)) return 'packets out of order';
    }
    return null;
  },
  // Keyframes come from the sample tables (stss, or every sample without one), not the parser.
  seekPointsProblem: (index) =>
    keyframeFlagsIneligibility(index.input, index.packets, index.windows === undefined),
  seekLeadUs: 0,
  frameData: (_fd, pos, size) => ({ pos, size }),
};
