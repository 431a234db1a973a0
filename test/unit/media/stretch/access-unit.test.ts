import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAccessUnitKind, type StretchCodec } from '../../../../src/media/stretch/access-unit.js';

// A sample of length-prefixed NAL units, each given as its header bytes and a payload length.
function sample(...nals: [header: number[], payload: number][]): Buffer {
  return Buffer.concat(
    nals.map(([header, payload]) => {
      const nal = Buffer.alloc(4 + header.length + payload, 0x11);
      nal.writeUInt32BE(header.length + payload, 0);
      Buffer.from(header).copy(nal, 4);
      return nal;
    }),
  );
}

// An HEVC NAL header (nuh_layer_id 0) followed by the first slice header byte.
const hevc = (type: number, tid = 0, sliceByte = 0x80): number[] => [type << 1, tid + 1, sliceByte];

describe('readAccessUnitKind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phashvaapi-nal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function kindOf(codec: StretchCodec, bytes: Buffer, pad = 7) {
    const file = join(dir, `s${Math.random()}.bin`);
    writeFileSync(file, Buffer.concat([Buffer.alloc(pad), bytes, Buffer.alloc(9)]));
    const fd = openSync(file, 'r');
    try {
      return readAccessUnitKind(codec, fd, pad, bytes.length);
    } finally {
      closeSync(fd);
    }
  }
  const h264 = (...nals: [number, number][]) =>
    kindOf('h264', sample(...nals.map(([h, n]) => [[h], n] as [number[], number])));
  const h265 = (...nals: [number[], number][]) => kindOf('hevc', sample(...nals));
  const kind = (start: boolean, resets: boolean, subLayerNonReference: boolean, temporalId = 0) => ({
    start,
    resets,
    subLayerNonReference,
    temporalId,
  });

  describe('H.264', () => {
    it('reads nal_ref_idc and the IDR type from slice NAL headers, past SEI units', () => {
      expect(h264([0x06, 40], [0x65, 300])).toEqual(kind(true, true, false)); // SEI + IDR
      expect(h264([0x41, 200])).toEqual(kind(false, false, false)); // ref_idc 2, P slice
      expect(h264([0x01, 200])).toEqual(kind(false, false, true)); // ref_idc 0
      // A picture with one reference slice counts as a reference picture (never dropped).
      expect(h264([0x01, 20], [0x21, 20])).toEqual(kind(false, false, false));
    });

    it('reports samples that are not 4-byte-length AVC as unknown', () => {
      expect(h264([0x06, 40])).toBeNull(); // no slice at all
      expect(kindOf('h264', sample([[0x41], 200]).subarray(0, 150))).toBeNull(); // lengths overrun the sample
      expect(kindOf('h264', Buffer.from([0, 0, 0, 1, 0x65, 0x88, 0x80]))).toBeNull(); // Annex B start code
    });
  });

  describe('HEVC', () => {
    it('reads the type and TemporalId: IDR and CRA start, only an IDR resets the decoder', () => {
      // VPS, SPS, PPS, prefix SEI, IDR_W_RADL
      expect(h265([[64, 1], 20], [[66, 1], 30], [[68, 1], 5], [[78, 1], 9], [hevc(19), 300])).toEqual(
        kind(true, true, false),
      );
      expect(h265([hevc(20), 300])).toEqual(kind(true, true, false)); // IDR_N_LP
      expect(h265([hevc(21), 300])).toEqual(kind(true, false, false)); // CRA: opens its own decoder
      // An IDR with no_output_of_prior_pics_flag discards undisplayed pictures: no reset.
      expect(h265([hevc(19, 0, 0xc0), 300])).toEqual(kind(true, false, false));
      // BLA: not a start.
      for (const bla of [16, 17, 18]) expect(h265([hevc(bla), 300])).toEqual(kind(false, false, false));
      expect(h265([hevc(1), 100])).toEqual(kind(false, false, false)); // TRAIL_R
      expect(h265([hevc(9, 0), 100])).toEqual(kind(false, false, false)); // RASL_R
    });

    it('marks the sub-layer non-reference types with their TemporalId', () => {
      for (const type of [0, 2, 4, 6, 8])
        expect(h265([hevc(type, 2), 50])).toEqual(kind(false, false, true, 2));
      // Beside an access unit delimiter or a suffix SEI (this picture's hash) it is still droppable.
      expect(h265([[70, 2], 1], [hevc(0, 1), 50], [[80, 2], 20])).toEqual(kind(false, false, true, 1));
    });

    it('keeps a non-reference picture that shares its sample with a parameter set or prefix SEI', () => {
      for (const type of [32, 33, 34, 39, 38])
        expect(h265([[type << 1, 1], 10], [hevc(0), 50])).toEqual(kind(false, false, false));
    });

    it('reports unknown samples: bad lengths, EOS/EOB, other layers, reserved or mixed slice types', () => {
      expect(kindOf('hevc', sample([hevc(0), 200]).subarray(0, 150))).toBeNull(); // overrun
      expect(kindOf('hevc', Buffer.concat([sample([hevc(0), 20]), Buffer.from([0, 0])]))).toBeNull(); // short tail
      expect(kindOf('hevc', Buffer.from([0, 0, 0, 1, 0x26, 0x01, 0xaf]))).toBeNull(); // Annex B
      expect(h265([[72, 1], 0], [hevc(21), 50])).toBeNull(); // EOS before a CRA
      expect(h265([hevc(0), 50], [[74, 1], 0])).toBeNull(); // EOB
      expect(h265([[0, 0x09, 0x80], 50])).toBeNull(); // nuh_layer_id 1
      expect(h265([[0, 0x00, 0x80], 50])).toBeNull(); // nuh_temporal_id_plus1 0
      for (const reserved of [10, 12, 14, 22, 24]) expect(h265([hevc(reserved), 50])).toBeNull();
      expect(h265([hevc(0), 50], [hevc(1, 0, 0), 50])).toBeNull(); // TRAIL_N and TRAIL_R slices
      expect(h265([hevc(0, 0), 50], [hevc(0, 1, 0), 50])).toBeNull(); // two TemporalIds
      expect(h265([[70, 1], 1])).toBeNull(); // no slice
      expect(h265([[0x80, 1, 0x80], 50])).toBeNull(); // forbidden_zero_bit
    });
  });
});
