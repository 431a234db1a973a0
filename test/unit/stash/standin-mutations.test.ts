import { describe, expect, it } from 'vitest';
import { decodeImageInput } from '../../standin/cover-image.js';
import { goAtoi, parseGoUint } from '../../standin/go-strconv.js';
import {
  bulkSceneUpdate,
  fileSetFingerprints,
  sceneUpdate,
  tagCreate,
  tagDestroy,
  tagUpdate,
} from '../../standin/mutations.js';
import { addScene, addTag } from '../../standin/seed.js';
import { snapshotState } from '../../standin/snapshot.js';
import { createState, formatTime, renderFingerprint } from '../../standin/state.js';

function fixture() {
  let now = Date.parse('2026-11-22T03:04:51Z');
  const state = createState({ now: () => now });
  const claim = addTag(state, { name: 'phv fixture claim' });
  const scene = addScene(state, { files: [{ path: '/d/a.mp4', oshash: '85484c7a14fdeca3', md5: 'aa' }] });
  const tick = (s: number) => (now += s * 1000);
  return { state, claim, scene, tick, file: scene.files[0]! };
}

describe('Go strconv', () => {
  it('ParseUint base 16 like Go: no prefix, no sign, leading zeros fine, 64-bit range', () => {
    expect(parseGoUint('F8FCFCFCF8E00100', 16)).toBe(0xf8fcfcfcf8e00100n);
    expect(parseGoUint('0000000000000000ff', 16)).toBe(255n);
    expect(() => parseGoUint('0xZZ', 16)).toThrow('strconv.ParseUint: parsing "0xZZ": invalid syntax');
    expect(() => parseGoUint('', 16)).toThrow('invalid syntax');
    expect(() => parseGoUint('1ffffffffffffffff', 16)).toThrow(
      'strconv.ParseUint: parsing "1ffffffffffffffff": value out of range',
    );
    expect(() => goAtoi('x')).toThrow('strconv.Atoi: parsing "x": invalid syntax');
  });
});

describe('fileSetFingerprints', () => {
  it('stores a phash as uint64 and renders it unpadded lowercase; upserts; null deletes; no updated_at change', () => {
    const { state, file, scene, tick } = fixture();
    const before = scene.updatedAt;
    tick(5);
    expect(
      fileSetFingerprints(state, { id: String(file.id), fingerprints: [{ type: 'phash', value: '00F0' }] }),
    ).toBe(true);
    expect(file.fingerprints.map(renderFingerprint)).toEqual(['85484c7a14fdeca3', 'aa', 'f0']);
    fileSetFingerprints(state, {
      id: String(file.id),
      fingerprints: [{ type: 'phash', value: 'ffffffffffffffff' }],
    });
    expect(file.fingerprints.filter((f) => f.type === 'phash').map(renderFingerprint)).toEqual([
      'ffffffffffffffff',
    ]);
    fileSetFingerprints(state, { id: String(file.id), fingerprints: [{ type: 'phash', value: null }] });
    expect(file.fingerprints.map((f) => f.type)).toEqual(['oshash', 'md5']);
    expect(scene.updatedAt).toBe(before);
  });

  it("rejects oshash/md5 changes and bad hex with Stash's messages, changing nothing", () => {
    const { state, file } = fixture();
    const before = snapshotState(state);
    const set = (type: string, value: string) => () =>
      fileSetFingerprints(state, {
        id: String(file.id),
        fingerprints: [
          { type: 'phash', value: '1' },
          { type, value },
        ],
      });
    expect(set('oshash', '0000000000000000')).toThrow('cannot modify oshash fingerprint');
    expect(set('md5', 'x')).toThrow('cannot modify md5 fingerprint');
    expect(set('phash', '0xZZ')).toThrow(
      'converting phash 0xZZ: strconv.ParseUint: parsing "0xZZ": invalid syntax',
    );
    expect(snapshotState(state)).toBe(before);
    expect(() =>
      fileSetFingerprints(state, { id: '99', fingerprints: [{ type: 'phash', value: '1' }] }),
    ).toThrow('modifying fingerprints: FOREIGN KEY constraint failed');
  });
});

describe('bulkSceneUpdate and sceneUpdate', () => {
  it('ADD is idempotent, REMOVE and SET work, and every scene update bumps updated_at', () => {
    const { state, claim, scene, tick } = fixture();
    const other = addTag(state, { name: 'other' });
    tick(10);
    bulkSceneUpdate(state, { ids: [String(scene.id)], tag_ids: { ids: [String(claim.id)], mode: 'ADD' } });
    bulkSceneUpdate(state, { ids: [String(scene.id)], tag_ids: { ids: [String(claim.id)], mode: 'ADD' } });
    expect(scene.tagIds).toEqual([claim.id]);
    expect(formatTime(scene.updatedAt)).toBe('2026-11-22T03:05:01Z');
    bulkSceneUpdate(state, { ids: [String(scene.id)], tag_ids: { ids: [String(other.id)], mode: 'SET' } });
    expect(scene.tagIds).toEqual([other.id]);
    bulkSceneUpdate(state, { ids: [String(scene.id)], tag_ids: { ids: [String(other.id)], mode: 'REMOVE' } });
    expect(scene.tagIds).toEqual([]);
  });

  it('is all-or-nothing over the ids', () => {
    const { state, claim, scene } = fixture();
    const before = snapshotState(state);
    expect(() =>
      bulkSceneUpdate(state, {
        ids: [String(scene.id), '77'],
        tag_ids: { ids: [String(claim.id)], mode: 'ADD' },
      }),
    ).toThrow('scene with id 77 not found');
    expect(snapshotState(state)).toBe(before);
  });

  it('sceneUpdate stores the decoded cover bytes of a data URL', () => {
    const { state, scene } = fixture();
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 1, 2, 3]);
    sceneUpdate(state, {
      id: String(scene.id),
      cover_image: `data:image/jpeg;base64,${jpeg.toString('base64')}`,
    });
    expect(scene.cover).toEqual(jpeg);
    expect(() =>
      sceneUpdate(state, { id: String(scene.id), cover_image: 'data:image/jpeg;base64,@@@@' }),
    ).toThrow('processing cover image: illegal base64 data at input byte 0');
    expect(decodeImageInput('AQID')).toEqual(Buffer.from([1, 2, 3]));
    expect(() => decodeImageInput('AQI')).toThrow('illegal base64 data');
  });
});

describe('tags', () => {
  it("tagCreate refuses names taken case-insensitively or as an alias, with Stash's messages", () => {
    const { state } = fixture();
    addTag(state, { name: 'aliased', aliases: ['Alias One'] });
    expect(() => tagCreate(state, { name: 'PHV Fixture Claim' })).toThrow(
      "tag with name 'PHV Fixture Claim' already exists",
    );
    expect(() => tagCreate(state, { name: 'alias one' })).toThrow(
      "name 'alias one' is used as alias for 'aliased'",
    );
    expect(() => tagCreate(state, { name: '  ' })).toThrow('tag name must not be blank');
    // LIKE wildcards play no part in uniqueness:
    expect(tagCreate(state, { name: 'phv_fixture claim' }).name).toBe('phv_fixture claim');
  });

  it('tagUpdate moves updated_at (RFC 3339 seconds); tagDestroy removes the tag from scenes', () => {
    const { state, claim, scene, tick } = fixture();
    bulkSceneUpdate(state, { ids: [String(scene.id)], tag_ids: { ids: [String(claim.id)], mode: 'ADD' } });
    const sceneUpdated = scene.updatedAt;
    tick(9);
    const tag = tagUpdate(state, { id: String(claim.id), description: 'heartbeat 2026-11-22T03:05:00Z' });
    expect([tag.description, formatTime(tag.updatedAt)]).toEqual([
      'heartbeat 2026-11-22T03:05:00Z',
      '2026-11-22T03:05:00Z',
    ]);
    tick(60);
    expect(tagDestroy(state, { id: String(claim.id) })).toBe(true);
    expect(scene.tagIds).toEqual([]);
    expect(scene.updatedAt).toBe(sceneUpdated);
    expect(() => tagUpdate(state, { id: String(claim.id), description: 'x' })).toThrow(
      `tag with id ${claim.id} not found`,
    );
  });
});
