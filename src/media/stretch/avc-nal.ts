// The kind of an H.264 access unit from its NAL unit headers: an IDR picture starts decoding with
// no earlier state (and resets a running decoder to that state), and a picture with nal_ref_idc 0
// is never used to decode another (H.264 §7.4.1). H.264 has no temporal sub-layers here.
import type { AccessUnitKind } from './access-unit.js';

const NAL_SLICE = 1;
const NAL_IDR_SLICE = 5;

// The kind of an access unit given the first bytes of its NAL units; null when it has no slice or
// a header is not a NAL header.
export function avcNalKind(units: readonly Buffer[]): AccessUnitKind | null {
  let slices = 0;
  let idr = false;
  let reference = false;
  for (const unit of units) {
    const header = unit[0]!;
    if (header & 0x80) return null; // forbidden_zero_bit set: not a NAL header
    const type = header & 0x1f;
    if (type === NAL_SLICE || type === NAL_IDR_SLICE) {
      slices++;
      idr ||= type === NAL_IDR_SLICE;
      reference ||= (header >> 5) & 3 ? true : false;
    }
  }
  if (slices === 0) return null;
  return { start: idr, resets: idr, subLayerNonReference: !reference, temporalId: 0 };
}
