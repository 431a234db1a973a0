// The stand-in answers every request captured from a real Stash exactly as Stash did: same HTTP
// status and the same JSON, byte for byte once seeded with the same library.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { request } from 'node:http';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { randomSortKey } from '../../standin/random-sort.js';
import type { SeedScene } from '../../standin/seed.js';
import { startStandin, type Standin, type StandinOptions } from '../../standin/server.js';
import { SHARED_DIR } from '../../helpers/shared.js';

const FIXTURES = join(SHARED_DIR, 'fixtures', 'stash-graphql');
const HAS_FIXTURES = existsSync(FIXTURES);

interface Fixture {
  request: { query: string; variables: Record<string, unknown> };
  http_status: number;
  response: unknown;
}

// The real Stash listened on 127.0.0.1:9999; Stash builds scene URLs from the Host header.
function post(url: string, body: unknown): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { host: '127.0.0.1:9999', 'content-type': 'application/json' } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

const corpusFile = (id: number, name: string, extra: Partial<NonNullable<SeedScene['files']>[number]>) => ({
  id,
  path: `/data/media/corpus/${name}`,
  width: 640,
  height: 360,
  frameRate: 25,
  ...extra,
});

// The library behind the fixtures: scene 1 (already hashed; claimed and unclaimed by the
// bulkSceneUpdate fixtures), 42 and 31 as captured, and three more scenes lacking a phash that
// come later in the random_12345 order, so 5 scenes lack a phash in all.
function fixtureLibrary(): SeedScene[] {
  const later = [2, 3, 4, 5, 6, 7, 8, 9, 10, 11]
    .filter((id) => randomSortKey(id, 12345n) > randomSortKey(31, 12345n))
    .slice(0, 3);
  return [
    { id: 1, files: [corpusFile(1, 'f01.mp4', { oshash: '1111111111111111', phash: 'f8fcfcfcf8e00100' })] },
    ...later.map((id) => ({
      id,
      files: [corpusFile(id, `f${id}.mp4`, { oshash: `${id}`.padStart(16, '0') })],
    })),
    {
      id: 31,
      updatedAt: 1795316465,
      files: [
        corpusFile(31, 'f07_audio_longer_than_video_640x360_h264.mp4', {
          duration: 8,
          oshash: '04b0dd37d16fa1a0',
        }),
      ],
    },
    {
      id: 42,
      updatedAt: 1795316619,
      files: [
        corpusFile(42, 'f03_truncated_60pct_mpegts_h264.ts', { duration: 18.12, oshash: '85484c7a14fdeca3' }),
      ],
    },
  ];
}

const SETUP: Record<string, Partial<StandinOptions>> = {
  'bulkSceneUpdate-add-tag-again.json': {
    scenes: fixtureLibrary().map((s) => (s.id === 1 ? { ...s, tags: ['phv fixture claim'] } : s)),
  },
  'bulkSceneUpdate-remove-tag.json': {
    scenes: fixtureLibrary().map((s) => (s.id === 1 ? { ...s, tags: ['phv fixture claim'] } : s)),
  },
  'configuration-general.json': { generatedPath: '/home/user/.stash/data/generated' },
  'version.json': { version: { version: 'v0.26.2', hash: '2a373a25c', build_time: '2026-11-22 local' } },
  'tagUpdate-description.json': { now: () => Date.parse('2026-11-22T03:04:51.700Z') },
};

const why = HAS_FIXTURES ? '' : ` (skipped: Stash fixtures not found at ${FIXTURES})`;

describe.skipIf(!HAS_FIXTURES)(`the stand-in answers the captured Stash requests like Stash${why}`, () => {
  let standin: Standin | null = null;
  afterEach(async () => {
    await standin?.close();
    standin = null;
  });

  const files = HAS_FIXTURES
    ? readdirSync(FIXTURES)
        .filter((f) => f.endsWith('.json'))
        .sort()
    : [];

  it.each(files)('%s', async (name) => {
    const fixture = JSON.parse(readFileSync(join(FIXTURES, name), 'utf8')) as Fixture;
    standin = await startStandin({
      tags: [{ id: 1, name: 'phv fixture claim' }],
      scenes: fixtureLibrary(),
      ...SETUP[name],
    });
    const res = await post(standin.url, fixture.request);
    expect(res.status).toBe(fixture.http_status);
    if (typeof fixture.response === 'string') expect(res.body).toBe(fixture.response);
    else expect(res.body).toBe(JSON.stringify(fixture.response));
  });

  it('covers every fixture', () => {
    expect(files.length).toBeGreaterThanOrEqual(13);
  });
});
