// The typed helpers end to end against the stand-in: the claim cycle, candidates, results.
import { afterEach, describe, expect, it } from 'vitest';
import * as api from '../../../src/stash/api.js';
import { createStashClient } from '../../../src/stash/client.js';
import { checkStashCompatibility } from '../../../src/stash/compatibility.js';
import { StashIncompatibleError } from '../../../src/stash/errors.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { syntheticLibrary } from '../../standin/library.js';
import { startStandin, type StandinOptions } from '../../standin/server.js';

const open: { close(): Promise<void> }[] = [];
afterEach(async () => {
  await Promise.all(open.splice(0).map((x) => x.close()));
});

async function setup(options: StandinOptions = {}) {
  const standin = await startStandin({ scenes: syntheticLibrary(40, { phashEvery: 4 }), ...options });
  const client = createStashClient({ url: standin.url, logger: silentLogger, retries: 0 });
  open.push(standin, client);
  return { standin, client };
}

describe('tags', () => {
  it('ensureTag creates once, even when several workers race', async () => {
    const { standin, client } = await setup();
    const tags = await Promise.all(
      Array.from({ length: 6 }, () => api.ensureTag(client, 'phv claim w1', 'hb')),
    );
    expect(new Set(tags.map((t) => t.id)).size).toBe(1);
    expect([...standin.state.tags.values()].map((t) => t.name)).toEqual(['phv claim w1']);
  });

  it('findTagByExactName re-checks the LIKE match on the client', async () => {
    const { standin, client } = await setup({ tags: [{ name: 'phvXclaim' }, { name: 'PHV_CLAIM' }] });
    expect((await api.findTagsByName(client, 'phv_claim')).map((t) => t.name)).toEqual([
      'PHV_CLAIM',
      'phvXclaim',
    ]);
    expect((await api.findTagByExactName(client, 'PHV_CLAIM'))?.name).toBe('PHV_CLAIM');
    expect((await api.findTagByExactName(client, 'phv_claim'))?.name).toBe('PHV_CLAIM');
    expect(await api.findTagByExactName(client, 'phv%')).toBeNull();
    standin.addTag({ name: 'other', aliases: ['taken'] });
    await expect(api.ensureTag(client, 'taken')).rejects.toThrow("name 'taken' is used as alias for 'other'");
  });

  it('heartbeats move updated_at; destroyTag removes the tag from scenes', async () => {
    let now = Date.parse('2026-11-22T03:00:00Z');
    const { standin, client } = await setup({ now: () => now });
    const tag = await api.ensureTag(client, 'phv claim w2');
    now += 30_000;
    const beat = await api.updateTagDescription(client, tag.id, 'heartbeat');
    expect(beat).toMatchObject({ description: 'heartbeat', updated_at: '2026-11-22T03:00:30Z' });
    await api.addSceneTags(client, ['1', '2'], [tag.id]);
    await api.destroyTag(client, tag.id);
    expect(standin.state.scenes.get(1)!.tagIds).toEqual([]);
    expect(await api.updateTagDescription(client, tag.id, 'x').catch((e: Error) => e.message)).toContain(
      'not found',
    );
  });
});

describe('candidates and the claim cycle', () => {
  it('counts and pages scenes needing a phash, skipping claimed ones, in a stable seeded order', async () => {
    const { client } = await setup();
    expect(await api.countScenesNeedingWork(client, { missing: 'phash' })).toBe(30);
    const claim = await api.ensureTag(client, 'phv claim w1');
    const first = await api.findScenesNeedingWork(client, {
      missing: 'phash',
      page: 1,
      perPage: 5,
      seed: 42,
      excludeTagIds: [claim.id],
    });
    expect(first.count).toBe(30);
    const ids = first.scenes.map((s) => s.id);
    const claimed = await api.addSceneTags(client, ids, [claim.id]);
    expect(claimed.map((s) => s.id)).toEqual(ids);
    const reread = await api.findScenesByIds(client, ids);
    expect(reread.every((s) => s.tags.some((t) => t.id === claim.id))).toBe(true);
    const next = await api.findScenesNeedingWork(client, {
      missing: 'phash',
      page: 1,
      perPage: 5,
      seed: 42,
      excludeTagIds: [claim.id],
    });
    expect(next.count).toBe(25);
    expect(next.scenes.some((s) => ids.includes(s.id))).toBe(false);
    await api.removeSceneTags(client, ids, [claim.id]);
    expect(await api.countScenesNeedingWork(client, { missing: 'phash', excludeTagIds: [claim.id] })).toBe(
      30,
    );
    expect(first.scenes[0]!.files[0]!.fingerprints.map((f) => f.type)).toEqual(['oshash', 'md5']);
  });

  it('filters candidates by path', async () => {
    const { client } = await setup({
      scenes: [...syntheticLibrary(5), ...syntheticLibrary(3, { root: '/data/other dir' })],
    });
    expect(
      await api.countScenesNeedingWork(client, { missing: 'phash', pathIncludes: '/data/other dir/' }),
    ).toBe(3);
  });
});

describe('results', () => {
  it('setFilePhash stores the hash (no updated_at change) and the scene stops needing work', async () => {
    const { standin, client } = await setup();
    const scene = (
      await api.findScenesNeedingWork(client, { missing: 'phash', page: 1, perPage: 1, seed: 1 })
    ).scenes[0]!;
    const before = standin.state.scenes.get(Number(scene.id))!.updatedAt;
    await api.setFilePhash(client, scene.files[0]!.id, 0x0f8fcfcfcf8e0010n);
    const details = await api.findScene(client, scene.id);
    expect(details?.files[0]?.fingerprints.find((f) => f.type === 'phash')?.value).toBe('f8fcfcfcf8e0010');
    expect(standin.state.scenes.get(Number(scene.id))!.updatedAt).toBe(before);
    expect(await api.countScenesNeedingWork(client, { missing: 'phash' })).toBe(29);
    await api.setFilePhash(client, scene.files[0]!.id, null);
    expect(await api.countScenesNeedingWork(client, { missing: 'phash' })).toBe(30);
  });

  it('setSceneCover uploads the bytes, which Stash then serves', async () => {
    const { standin, client } = await setup();
    const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 74, 70, 73, 70, 0xff, 0xd9]);
    expect(await api.countScenesNeedingWork(client, { missing: 'cover' })).toBe(40);
    await api.setSceneCover(client, '3', jpeg);
    expect(standin.state.scenes.get(3)!.cover).toEqual(jpeg);
    expect(await api.countScenesNeedingWork(client, { missing: 'cover' })).toBe(39);
    const served = await fetch(`${standin.baseUrl}/scene/3/screenshot`);
    expect(Buffer.from(await served.arrayBuffer())).toEqual(jpeg);
  });

  it('findScene returns files, tags and markers; null for unknown ids', async () => {
    const { client } = await setup({
      scenes: [
        {
          title: 'T',
          files: [{ path: '/v/a.mp4', oshash: 'ab' }],
          tags: ['x'],
          markers: [{ seconds: 1.5, primaryTag: 'm' }],
        },
      ],
    });
    const scene = await api.findScene(client, '1');
    expect(scene).toMatchObject({
      title: 'T',
      tags: [{ name: 'x' }],
      scene_markers: [{ seconds: 1.5, primary_tag: { name: 'm' } }],
    });
    expect(await api.findScene(client, '999')).toBeNull();
  });
});

describe('configuration, version and compatibility', () => {
  it('reads configuration.general and passes the compatibility check', async () => {
    const { client } = await setup({
      apiKey: 'k-123456',
      generatedPath: '/gen',
      config: { videoFileNamingAlgorithm: 'MD5' },
    });
    const authed = createStashClient({ url: client.url, apiKey: 'k-123456', logger: silentLogger });
    open.push(authed);
    expect(await api.getConfiguration(authed)).toMatchObject({
      generatedPath: '/gen',
      videoFileNamingAlgorithm: 'MD5',
      apiKey: 'k-123456',
    });
    expect(await checkStashCompatibility(authed)).toEqual({
      version: 'v0.30.1',
      hash: 'b23b0267a',
      appSchema: 75,
    });
  });

  it('refuses a Stash that is not ready', async () => {
    const { standin, client } = await setup();
    standin.state.system.status = 'NEEDS_MIGRATION';
    const err = await checkStashCompatibility(client).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StashIncompatibleError);
    expect((err as Error).message).toBe(
      'Stash v0.30.1 is not ready (systemStatus NEEDS_MIGRATION); finish setup or the database migration in Stash first',
    );
  });
});
