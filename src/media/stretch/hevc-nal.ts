// The kind of an HEVC access unit from its NAL unit headers (H.265 §7.3.1.2: forbidden_zero_bit,
// nal_unit_type (6 bits), nuh_layer_id (6 bits), nuh_temporal_id_plus1 (3 bits)), judged the way
// ffmpeg 5.1's decoder (libavcodec/hevcdec.c, hevc_refs.c) treats them:
//
// - Starts: IDR_W_RADL, IDR_N_LP and CRA. hls_slice_header sets max_ra = INT_MAX at an IDR and
//   clears the reference pictures (ff_hevc_clear_refs); decode_nal_unit then sets max_ra to
//   INT_MIN (IDR) or to the CRA's POC (first picture of a fresh decoder), and skips RASL pictures
//   whose POC is not above it. A fresh decoder starts with max_ra = INT_MAX and last_eos = 0.
//   BLA and everything else: not a start.
// - Resets: an IDR leaves a decoder that has decoded earlier pictures as a fresh one: max_ra ends
//   at INT_MIN either way, POC and pocTid0 restart at 0, the references are cleared, and the
//   earlier pictures still waiting are output first (the new sequence, ff_hevc_output_frame)...
//   unless no_output_of_prior_pics_flag is set, which discards them: such an IDR does not reset.
//   A CRA never does: in a running decoder max_ra is no longer INT_MAX, so its RASL pictures are
//   decoded (against missing references) instead of skipped, and its POC takes the MSB of the
//   pictures before it (ff_hevc_compute_poc from pocTid0; NoRaslOutputFlag is 0 unless an EOS came
//   first). A CRA-started stretch must therefore open its own decoder.
// - Sub-layer non-reference: TRAIL_N, TSA_N, STSA_N, RADL_N, RASL_N (§7.4.2.2: not used by later
//   pictures of the same sub-layer; pictures of a higher sub-layer may still use them, so the caller
//   drops one only at the highest TemporalId it decodes). ffmpeg's pocTid0, which later POCs derive
//   from, is never taken from these types (hls_slice_header, 8.3.1). The reserved non-reference
//   types (RSV_VCL_N10/12/14) are unknown here. The sample may hold besides only an access unit
//   delimiter or suffix SEI (about this picture); parameter sets, prefix SEI (which may set stream
//   properties, e.g. alternative transfer characteristics), end of sequence/bitstream (they decide
//   the next CRA's NoRaslOutputFlag) and anything else keep the picture.
// - Every slice of the picture must agree on type and TemporalId (ffmpeg fails on "Non-matching NAL
//   types"), nuh_layer_id must be 0 (ffmpeg 5.1 decodes the base layer only), else unknown.
import type { AccessUnitKind } from './access-unit.js';

export const HEVC_NAL = {
  TRAIL_N: 0,
  TSA_N: 2,
  STSA_N: 4,
  RADL_N: 6,
  RASL_N: 8,
  RASL_R: 9,
  IDR_W_RADL: 19,
  IDR_N_LP: 20,
  CRA: 21,
  VPS: 32,
  SPS: 33,
  PPS: 34,
  AUD: 35,
  EOS: 36,
  EOB: 37,
  SEI_PREFIX: 39,
  SEI_SUFFIX: 40,
} as const;

const SUB_LAYER_NON_REFERENCE: ReadonlySet<number> = new Set([
  HEVC_NAL.TRAIL_N,
  HEVC_NAL.TSA_N,
  HEVC_NAL.STSA_N,
  HEVC_NAL.RADL_N,
  HEVC_NAL.RASL_N,
]);
// VCL types ffmpeg 5.1 decodes: TRAIL..RASL (0-9) and BLA, IDR, CRA (16-21).
const isKnownVcl = (type: number) => type <= HEVC_NAL.RASL_R || (type >= 16 && type <= HEVC_NAL.CRA);
const isIrap = (type: number) => type >= 16 && type <= 23;
const DROPPABLE_BESIDE: ReadonlySet<number> = new Set([HEVC_NAL.AUD, HEVC_NAL.SEI_SUFFIX]);

// The kind of an access unit given the first 3 bytes of each NAL unit; null when unknown.
export function hevcNalKind(units: readonly Buffer[]): AccessUnitKind | null {
  let vclType = -1;
  let temporalId = -1;
  let priorPicsDiscarded = false;
  let onlyDroppableBeside = true;
  for (const unit of units) {
    if (unit.length < 2) return null;
    const [b0, b1] = [unit[0]!, unit[1]!];
    if (b0 & 0x80) return null; // forbidden_zero_bit
    const type = (b0 >> 1) & 0x3f;
    const layerId = ((b0 & 1) << 5) | (b1 >> 3);
    const tidPlus1 = b1 & 7;
    if (layerId !== 0 || tidPlus1 === 0) return null;
    if (type === HEVC_NAL.EOS || type === HEVC_NAL.EOB) return null;
    if (type < 32) {
      if (!isKnownVcl(type) || unit.length < 3) return null;
      if (vclType >= 0 && (type !== vclType || tidPlus1 - 1 !== temporalId)) return null;
      [vclType, temporalId] = [type, tidPlus1 - 1];
      // Slice header: first_slice_segment_in_pic_flag, then (IRAP) no_output_of_prior_pics_flag.
      if (isIrap(type) && unit[2]! & 0x40) priorPicsDiscarded = true;
    } else if (!DROPPABLE_BESIDE.has(type)) onlyDroppableBeside = false;
  }
  if (vclType < 0) return null;
  const start = vclType === HEVC_NAL.IDR_W_RADL || vclType === HEVC_NAL.IDR_N_LP || vclType === HEVC_NAL.CRA;
  return {
    start,
    resets: start && vclType !== HEVC_NAL.CRA && !priorPicsDiscarded,
    subLayerNonReference: SUB_LAYER_NON_REFERENCE.has(vclType) && onlyDroppableBeside,
    temporalId,
  };
}
