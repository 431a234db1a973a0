import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readAccessUnitKind } from '../../../../src/media/stretch/avc-nal.js';

// A sample of length-prefixed NAL units, each given as its header byte and a payload length.
function sample(...nals: [header: number, payload: number][]): Buffer {
  return Buffer.concat(
    nals.map(([header, payload]) => {
      const nal = Buffer.alloc(4 + 1 + payload, 0x11);
      nal.writeUInt32BE(1 + payload, 0);
      nal[4] = header;
      return nal;
    }),
  );
}

describe('readAccessUnitKind', () => {
  const dir = mkdtempSync(join(tmpdir(), 'phashvaapi-nal-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function kindOf(bytes: Buffer, pad = 7) {
    const file = join(dir, `s${Math.random()}.bin`);
    writeFileSync(file, Buffer.concat([Buffer.alloc(pad), bytes, Buffer.alloc(9)]));
    const fd = openSync(file, 'r');
    try {
      return readAccessUnitKind(fd, pad, bytes.length);
    } finally {
      closeSync(fd);
    }
  }

  it('reads nal_ref_idc and the IDR type from slice NAL headers, past SEI units', () => {
    expect(kindOf(sample([0x06, 40], [0x65, 300]))).toEqual({ idr: true, reference: true }); // SEI + IDR
    expect(kindOf(sample([0x41, 200]))).toEqual({ idr: false, reference: true }); // ref_idc 2, P slice
    expect(kindOf(sample([0x01, 200]))).toEqual({ idr: false, reference: false }); // ref_idc 0
    // A picture with one reference slice counts as a reference picture (never dropped).
    expect(kindOf(sample([0x01, 20], [0x21, 20]))).toEqual({ idr: false, reference: true });
  });

  it('reports samples that are not 4-byte-length AVC as unknown', () => {
    expect(kindOf(sample([0x06, 40]))).toBeNull(); // no slice at all
    expect(kindOf(sample([0x41, 200]).subarray(0, 150))).toBeNull(); // lengths overrun the sample
    expect(kindOf(Buffer.from([0, 0, 0, 1, 0x65, 0x88, 0x80]))).toBeNull(); // Annex B start code
  });
});
