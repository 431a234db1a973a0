// The stretch path's drop rule and pipe grouping (stretch-grab.ts), on hand-made packet kinds.
import { describe, expect, it } from 'vitest';
import type { AccessUnitKind } from '../../../../src/media/stretch/access-unit.js';
import type { PacketIndex, VideoPacket } from '../../../../src/media/stretch/packet-index.js';
import {
  prepareStretches,
  splitIntoPipes,
  type ReadyStretch,
} from '../../../../src/media/stretch/stretch-grab.js';
import type { Stretch } from '../../../../src/media/stretch/stretch-plan.js';

const IDR: AccessUnitKind = { start: true, resets: true, subLayerNonReference: false, temporalId: 0 };
const CRA: AccessUnitKind = { start: true, resets: false, subLayerNonReference: false, temporalId: 0 };
const REF = (temporalId: number): AccessUnitKind => ({ ...IDR, start: false, resets: false, temporalId });
const SLNR = (temporalId: number): AccessUnitKind => ({ ...REF(temporalId), subLayerNonReference: true });

// Packets 0..n-1 in decode order at positions 1000 + 100·i, pts = i frames unless given.
function indexOf(codec: string, kinds: readonly (AccessUnitKind | null)[], pts?: readonly number[]) {
  const packets: VideoPacket[] = kinds.map((k, i) => ({
    pts: (pts?.[i] ?? i) * 512,
    dts: i * 512,
    pos: 1000 + 100 * i,
    size: 100,
    key: k?.start ?? false,
  }));
  // prettier-ignore
  const index: PacketIndex = { input: 'x', formatName: 'mov,mp4', codec, fieldOrder: 'progressive',
    timeBase: { num: 1, den: 12800 }, startTimeUs: 0, hasDisplayMatrix: false, videoStream: 0, packets };
  const kindOf = (p: VideoPacket) => kinds[(p.pos - 1000) / 100]!;
  return { index, kindOf };
}

const stretch = (key: number, ...targets: number[]): Stretch => ({
  key,
  end: Math.max(...targets),
  targets: targets.map((packet, seek) => ({ seek, packet })),
});
const dropped = (r: ReadyStretch) => r.drops.map((pos) => (pos - 1000) / 100);

describe('prepareStretches: what a stretch drops', () => {
  it('drops sub-layer non-reference pictures at the highest TemporalId only, never a target', () => {
    // tid 0 TRAIL_N (2) may be referenced by the tid-1 pictures; the tid-1 TSA_N (4, 6) are not.
    const { index, kindOf } = indexOf('hevc', [
      IDR,
      REF(0),
      SLNR(0),
      REF(1),
      SLNR(1),
      REF(0),
      SLNR(1),
      SLNR(1),
    ]);
    const [r] = prepareStretches(index, [stretch(0, 7)], kindOf);
    expect(dropped(r!)).toEqual([4, 6]);
    // Without a higher sub-layer in the stretch, tid-0 TRAIL_N pictures go too.
    const flat = indexOf('hevc', [IDR, REF(0), SLNR(0), SLNR(0), REF(0)]);
    expect(dropped(prepareStretches(flat.index, [stretch(0, 4)], flat.kindOf)[0]!)).toEqual([2, 3]);
    expect(dropped(prepareStretches(flat.index, [stretch(0, 3, 4)], flat.kindOf)[0]!)).toEqual([2]);
  });

  it('drops nothing below an HEVC packet of unknown kind (it might be of any sub-layer)', () => {
    const { index, kindOf } = indexOf('hevc', [IDR, SLNR(0), null, SLNR(0), REF(0)]);
    expect(dropped(prepareStretches(index, [stretch(0, 4)], kindOf)[0]!)).toEqual([]);
    // H.264 has no sub-layers: the unknown packet is kept, the others judged as ever.
    const avc = indexOf('h264', [IDR, SLNR(0), null, SLNR(0), REF(0)]);
    expect(dropped(prepareStretches(avc.index, [stretch(0, 4)], avc.kindOf)[0]!)).toEqual([1, 3]);
  });

  it('keeps parameter-set samples (never marked droppable) and skips stretches that cannot start', () => {
    const { index, kindOf } = indexOf('hevc', [REF(0), SLNR(0), REF(0), IDR, SLNR(0), REF(0)]);
    const ready = prepareStretches(index, [stretch(0, 2), stretch(3, 5)], kindOf);
    expect(ready.map((r) => r.stretch.key)).toEqual([3]);
  });

  it('does not plan a CRA stretch with a target before its keyframe (a RASL picture there is skipped)', () => {
    const { index, kindOf } = indexOf('hevc', [CRA, SLNR(0), REF(0), REF(0)], [2, 0, 1, 3]);
    expect(prepareStretches(index, [stretch(0, 1, 3)], kindOf)).toEqual([]);
    expect(prepareStretches(index, [stretch(0, 3)], kindOf).map((r) => r.resets)).toEqual([false]);
  });
});

describe('splitIntoPipes', () => {
  const ready = (key: number, resets: boolean): ReadyStretch => ({
    stretch: stretch(key, key + 1),
    drops: [],
    kept: [],
    bytes: 1,
    resets,
  });
  const keys = (pipes: ReadyStretch[][]) => pipes.map((p) => p.map((r) => r.stretch.key));

  it('lets IDR-started stretches share a decoder', () => {
    expect(
      keys(
        splitIntoPipes(
          [0, 10, 20, 30].map((k) => ready(k, true)),
          1,
        ),
      ),
    ).toEqual([
      [0, 10],
      [20, 30],
    ]);
  });

  it('opens a new pipe at every CRA-started stretch; IDR-started ones may follow it', () => {
    const stretches = [ready(0, true), ready(10, false), ready(20, true), ready(30, false), ready(40, false)];
    expect(keys(splitIntoPipes(stretches, 1))).toEqual([[0], [10, 20], [30], [40]]);
  });
});
