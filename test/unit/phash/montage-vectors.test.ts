// Stash's own hashes for 5×5 montages (../shared/vectors): the end-to-end check of the hash math.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { perceptionHash } from '../../../src/phash/perception-hash.js';
import { HAS_SHARED, NO_SHARED_REASON, SHARED_DIR, type PhashCorpus } from '../../helpers/shared.js';
import type { RgbaImage } from '../../../src/phash/image.js';

const VECTORS = join(SHARED_DIR, 'vectors');
const montages = HAS_SHARED
  ? (JSON.parse(readFileSync(join(VECTORS, 'phash-corpus.json'), 'utf8')) as PhashCorpus).montages
  : [];

async function loadPng(path: string): Promise<RgbaImage> {
  const { data, info } = await sharp(path).ensureAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    height: info.height,
    data: new Uint8Array(data.buffer, data.byteOffset, data.length),
  };
}

describe.skipIf(!HAS_SHARED)(`montage vectors${HAS_SHARED ? '' : ` (${NO_SHARED_REASON})`}`, () => {
  it('has vectors to check', () => {
    expect(montages.length).toBeGreaterThan(0);
  });

  for (const m of montages) {
    it(`${m.png} hashes to ${m.phash}`, async () => {
      const path = join(VECTORS, m.png);
      const bytes = readFileSync(path);
      expect(createHash('sha256').update(bytes).digest('hex'), 'png sha256').toBe(m.png_sha256);
      const img = await loadPng(path);
      expect([img.width, img.height]).toEqual([m.width, m.height]);
      expect(perceptionHash(img)).toBe(BigInt(`0x${m.phash}`));
    });
  }
});
