// The Stash contract: the GraphQL behaviour phashvaapi relies on, as scenarios whose assertions are
// written once and run against both the real Stash and the stand-in (stash-contract.test.ts).
// Both serve the same library (one scene per video of one folder, no phash) and require an API key.
import { expect } from 'vitest';
import { randomSortKeyExact } from '../standin/random-sort.js';

export interface ContractTarget {
  /** http://127.0.0.1:PORT */
  baseUrl: string;
  apiKey: string;
  login: { username: string; password: string };
  /** GraphQL with the API key; throws `Error(messages)` on GraphQL errors. */
  gql<T = Record<string, unknown>>(query: string, variables?: Record<string, unknown>): Promise<T>;
}

export interface Scenario {
  name: string;
  run(t: ContractTarget): Promise<void>;
}

interface SceneRow {
  id: string;
  updated_at: string;
  tags: { id: string; name: string }[];
  files: { id: string; path: string; fingerprints: { type: string; value: string }[] }[];
}

const SCENE_FIELDS = 'id updated_at tags { id name } files { id path fingerprints { type value } }';

async function allScenes(t: ContractTarget): Promise<SceneRow[]> {
  const data = await t.gql<{ findScenes: { scenes: SceneRow[] } }>(
    `{ findScenes(filter: { per_page: -1, sort: "id", direction: ASC }) { scenes { ${SCENE_FIELDS} } } }`,
  );
  return data.findScenes.scenes;
}

async function count(t: ContractTarget, sceneFilter: Record<string, unknown>): Promise<number> {
  const data = await t.gql<{ findScenes: { count: number } }>(
    'query($f: SceneFilterType) { findScenes(filter: { per_page: 0 }, scene_filter: $f) { count } }',
    { f: sceneFilter },
  );
  return data.findScenes.count;
}

async function setPhash(t: ContractTarget, fileId: string, phash: string | null): Promise<boolean> {
  const data = await t.gql<{ fileSetFingerprints: boolean }>(
    'mutation($id: ID!, $v: String) { fileSetFingerprints(input: { id: $id, fingerprints: [{ type: "phash", value: $v }] }) }',
    { id: fileId, v: phash },
  );
  return data.fileSetFingerprints;
}

async function createTag(t: ContractTarget, name: string, description?: string) {
  const data = await t.gql<{
    tagCreate: { id: string; name: string; description: string | null; updated_at: string };
  }>(
    'mutation($n: String!, $d: String) { tagCreate(input: { name: $n, description: $d }) { id name description updated_at } }',
    { n: name, d: description ?? null },
  );
  return data.tagCreate;
}

async function destroyTag(t: ContractTarget, id: string): Promise<boolean> {
  return (
    await t.gql<{ tagDestroy: boolean }>('mutation($id: ID!) { tagDestroy(input: { id: $id }) }', { id })
  ).tagDestroy;
}

async function bulkTags(t: ContractTarget, ids: string[], tagIds: string[], mode: 'ADD' | 'REMOVE' | 'SET') {
  const data = await t.gql<{ bulkSceneUpdate: { id: string; tags: { id: string }[] }[] }>(
    'mutation($ids: [ID!], $t: [ID!], $m: BulkUpdateIdMode!) { bulkSceneUpdate(input: { ids: $ids, tag_ids: { ids: $t, mode: $m } }) { id tags { id } } }',
    { ids, t: tagIds, m: mode },
  );
  return data.bulkSceneUpdate;
}

const oneSecond = () => new Promise((r) => setTimeout(r, 1100)); // updated_at has 1 s resolution
const PIXEL_JPEG =
  'data:image/jpeg;base64,/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////////////////////////////////////////////////////////////wgALCAABAAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=';

export const SCENARIOS: Scenario[] = [
  {
    name: 'a scan with calculateMD5 off (the default) gives each file an oshash and no md5',
    async run(t) {
      for (const file of (await allScenes(t)).flatMap((s) => s.files)) {
        const types = file.fingerprints.map((f) => f.type).filter((type) => type !== 'phash');
        expect(types, file.path).toEqual(['oshash']);
        expect(file.fingerprints[0]!.value).toMatch(/^[0-9a-f]{16}$/);
      }
    },
  },
  {
    name: 'findScenes: count ignores paging; is_missing "phash" follows fileSetFingerprints',
    async run(t) {
      const scenes = await allScenes(t);
      expect(scenes.length).toBeGreaterThanOrEqual(4);
      expect(await count(t, {})).toBe(scenes.length);
      expect(await count(t, { is_missing: 'phash' })).toBe(scenes.length);
      const file = scenes[0]!.files[0]!;
      expect(await setPhash(t, file.id, 'c0ffee')).toBe(true);
      expect(await count(t, { is_missing: 'phash' })).toBe(scenes.length - 1);
      expect(await setPhash(t, file.id, null)).toBe(true);
      expect(await count(t, { is_missing: 'phash' })).toBe(scenes.length);
    },
  },
  {
    name: 'fileSetFingerprints: a phash reads back as unpadded lowercase hex (a signed 64-bit integer)',
    async run(t) {
      const file = (await allScenes(t))[1]!.files[0]!;
      const readBack = async () =>
        (await allScenes(t))
          .flatMap((s) => s.files)
          .find((f) => f.id === file.id)!
          .fingerprints.find((f) => f.type === 'phash')?.value ?? null;
      for (const [written, read] of [
        ['00ff', 'ff'],
        ['ABCDEF', 'abcdef'],
        ['8000000000000000', '8000000000000000'],
        ['ffffffffffffffff', 'ffffffffffffffff'],
      ] as const) {
        await setPhash(t, file.id, written);
        expect(await readBack(), written).toBe(read);
      }
      await setPhash(t, file.id, null);
      expect(await readBack()).toBeNull();
    },
  },
  {
    name: 'findScenes sort random_<seed>: Stash’s seeded order, stable, pages partition the library',
    async run(t) {
      const ids = (await allScenes(t)).map((s) => Number(s.id));
      for (const seed of [12345n, 99999999n, 1234567890123n]) {
        const page = async (p: number) =>
          (
            await t.gql<{ findScenes: { count: number; scenes: { id: string }[] } }>(
              'query($p: Int!, $s: String!) { findScenes(filter: { page: $p, per_page: 2, sort: $s, direction: ASC }) { count scenes { id } } }',
              { p, s: `random_${seed}` },
            )
          ).findScenes;
        const order: number[] = [];
        for (let p = 1; order.length < ids.length; p++) {
          const got = await page(p);
          expect(got.count).toBe(ids.length);
          expect(got.scenes.length).toBeGreaterThan(0);
          order.push(...got.scenes.map((s) => Number(s.id)));
        }
        const expected = [...ids].sort(
          (a, b) => randomSortKeyExact(a, seed) - randomSortKeyExact(b, seed) || a - b,
        );
        expect(order, `seed ${seed}`).toEqual(expected);
        expect((await page(1)).scenes.map((s) => Number(s.id))).toEqual(order.slice(0, 2));
      }
    },
  },
  {
    name: 'tags: create, duplicate name refused, find by name, update moves updated_at, destroy',
    async run(t) {
      const tag = await createTag(t, 'phashvaapi claim contract-a', 'first');
      expect(tag).toMatchObject({ name: 'phashvaapi claim contract-a', description: 'first' });
      // src/stash/errors.ts recognises exactly this message.
      await expect(createTag(t, 'phashvaapi claim contract-a')).rejects.toThrow(
        /^tag with name 'phashvaapi claim contract-a' already exists$/,
      );
      const found = await t.gql<{ findTags: { count: number; tags: { id: string }[] } }>(
        'query($n: String!) { findTags(tag_filter: { name: { value: $n, modifier: EQUALS } }, filter: { per_page: -1 }) { count tags { id } } }',
        { n: 'phashvaapi claim contract-a' },
      );
      expect(found.findTags.tags.map((x) => x.id)).toEqual([tag.id]);
      await oneSecond();
      const updated = await t.gql<{ tagUpdate: { description: string; updated_at: string } }>(
        'mutation($id: ID!, $d: String) { tagUpdate(input: { id: $id, description: $d }) { description updated_at } }',
        { id: tag.id, d: 'second' },
      );
      expect(updated.tagUpdate.description).toBe('second');
      expect(Date.parse(updated.tagUpdate.updated_at)).toBeGreaterThan(Date.parse(tag.updated_at));
      expect(await destroyTag(t, tag.id)).toBe(true);
      const gone = await t.gql<{ findTags: { count: number } }>(
        'query($n: String!) { findTags(tag_filter: { name: { value: $n, modifier: EQUALS } }) { count } }',
        { n: 'phashvaapi claim contract-a' },
      );
      expect(gone.findTags.count).toBe(0);
    },
  },
  {
    name: 'bulkSceneUpdate tag modes ADD / REMOVE / SET, tag filters, updated_at moving; tagDestroy untags',
    async run(t) {
      const scenes = await allScenes(t);
      const [a, b] = [scenes[0]!, scenes[1]!];
      const tag = await createTag(t, 'phashvaapi claim contract-b');
      const other = await createTag(t, 'contract other');
      await oneSecond();
      const added = await bulkTags(t, [a.id, b.id], [tag.id], 'ADD');
      expect(added.map((s) => s.tags.map((x) => x.id))).toEqual([[tag.id], [tag.id]]);
      const afterAdd = await allScenes(t);
      expect(Date.parse(afterAdd[0]!.updated_at)).toBeGreaterThan(Date.parse(a.updated_at));
      expect(await count(t, { tags: { value: [tag.id], modifier: 'INCLUDES' } })).toBe(2);
      expect(await count(t, { tags: { value: [tag.id], modifier: 'EXCLUDES' } })).toBe(scenes.length - 2);
      expect(await count(t, { is_missing: 'phash', tags: { value: [tag.id], modifier: 'EXCLUDES' } })).toBe(
        scenes.length - 2,
      );
      // ADD of a tag already there and of another keeps both, once each.
      const again = await bulkTags(t, [a.id], [tag.id, other.id], 'ADD');
      expect(again[0]!.tags.map((x) => x.id).sort()).toEqual([tag.id, other.id].sort());
      const removed = await bulkTags(t, [a.id], [tag.id], 'REMOVE');
      expect(removed[0]!.tags.map((x) => x.id)).toEqual([other.id]);
      const set = await bulkTags(t, [a.id], [], 'SET');
      expect(set[0]!.tags).toEqual([]);
      // Destroying a tag takes it off every scene at once, without touching their updated_at.
      const beforeDestroy = (await allScenes(t)).map((s) => s.updated_at);
      await oneSecond();
      expect(await destroyTag(t, tag.id)).toBe(true);
      const afterDestroy = await allScenes(t);
      expect(afterDestroy.flatMap((s) => s.tags)).toEqual([]);
      expect(afterDestroy.map((s) => s.updated_at)).toEqual(beforeDestroy);
      await destroyTag(t, other.id);
    },
  },
  {
    name: 'sceneUpdate cover_image (data URL): is_missing "cover" drops by one',
    async run(t) {
      const scenes = await allScenes(t);
      const before = await count(t, { is_missing: 'cover' });
      expect(before).toBe(scenes.length);
      await t.gql(
        'mutation($id: ID!, $c: String) { sceneUpdate(input: { id: $id, cover_image: $c }) { id } }',
        {
          id: scenes[2]!.id,
          c: PIXEL_JPEG,
        },
      );
      expect(await count(t, { is_missing: 'cover' })).toBe(before - 1);
    },
  },
  {
    name: 'unknown ids: findScene is null; scene_ids lookup, fileSetFingerprints, tagUpdate and bulkSceneUpdate fail',
    async run(t) {
      expect((await t.gql<{ findScene: unknown }>('{ findScene(id: 999999) { id } }')).findScene).toBeNull();
      // src/discovery/finder.ts names the unknown id from this message.
      await expect(t.gql('{ findScenes(scene_ids: [1, 999999]) { count } }')).rejects.toThrow(
        /^scene with id 999999 not found$/,
      );
      await expect(
        t.gql(
          'mutation { fileSetFingerprints(input: { id: 999999, fingerprints: [{ type: "phash", value: "1" }] }) }',
        ),
      ).rejects.toThrow();
      await expect(
        t.gql('mutation { tagUpdate(input: { id: 999999, description: "x" }) { id } }'),
      ).rejects.toThrow();
      await expect(bulkTags(t, ['999999'], [], 'SET')).rejects.toThrow();
    },
  },
  {
    name: 'auth: 401 without or with a wrong API key; the key or a /login session cookie is accepted',
    async run(t) {
      const post = (headers: Record<string, string>) =>
        fetch(`${t.baseUrl}/graphql`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', ...headers },
          body: JSON.stringify({ query: '{ systemStatus { status } }' }),
        });
      expect((await post({})).status).toBe(401);
      expect((await post({ ApiKey: 'wrong' })).status).toBe(401);
      expect((await post({ ApiKey: t.apiKey })).status).toBe(200);
      const login = await fetch(`${t.baseUrl}/login`, {
        method: 'POST',
        body: new URLSearchParams({ ...t.login, returnURL: '/' }),
        redirect: 'manual',
      });
      expect(login.status).toBe(302);
      expect(login.headers.get('location')).toBe('/');
      const cookie = (login.headers.get('set-cookie') ?? '').split(';')[0]!;
      expect(cookie).toMatch(/^session=./);
      expect((await post({ Cookie: cookie })).status).toBe(200);
      // Wrong credentials: the login page again, and no session.
      const refused = await fetch(`${t.baseUrl}/login`, {
        method: 'POST',
        body: new URLSearchParams({ ...t.login, password: 'wrong', returnURL: '/' }),
        redirect: 'manual',
      });
      expect(refused.status).toBe(200);
      expect(refused.headers.get('set-cookie')).toBeNull();
    },
  },
  {
    name: 'updated_at is RFC 3339; fileSetFingerprints leaves the scene’s updated_at alone',
    async run(t) {
      const scene = (await allScenes(t))[3]!;
      expect(scene.updated_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(Z|[+-]\d\d:\d\d)$/);
      await oneSecond();
      await setPhash(t, scene.files[0]!.id, 'abc');
      const after = (await allScenes(t)).find((s) => s.id === scene.id)!;
      expect(after.updated_at).toBe(scene.updated_at);
      await setPhash(t, scene.files[0]!.id, null);
    },
  },
  {
    name: 'path filter: INCLUDES a quoted value is SQL LIKE (case-insensitive, _ a wildcard); MATCHES_REGEX',
    async run(t) {
      const includes = (value: string) => count(t, { path: { value: `"${value}"`, modifier: 'INCLUDES' } });
      expect(await includes('B-TWO')).toBe(1);
      // Values that can only match file names (the folders above them vary).
      expect(await includes('-_hree.mp4')).toBe(1); // c-three
      expect(await includes('E.MP4')).toBe(3); // a-one, c-three, e-five
      expect(await includes('nothing-like-this')).toBe(0);
      expect(await count(t, { path: { value: '(one|five)\\.mp4$', modifier: 'MATCHES_REGEX' } })).toBe(2);
    },
  },
  {
    name: 'findScenes(scene_ids) ignores scene_filter and paging',
    async run(t) {
      const ids = (await allScenes(t)).slice(0, 3).map((s) => Number(s.id));
      const data = await t.gql<{ findScenes: { count: number; scenes: { id: string }[] } }>(
        'query($ids: [Int!]) { findScenes(scene_ids: $ids, filter: { per_page: 1 }, scene_filter: { path: { value: "nothing-like-this", modifier: INCLUDES } }) { count scenes { id } } }',
        { ids },
      );
      expect(data.findScenes.count).toBe(3);
      expect(data.findScenes.scenes.map((s) => Number(s.id)).sort()).toEqual(ids.sort());
    },
  },
  {
    name: 'tag names: EQUALS is a case-insensitive LIKE; a differently-cased duplicate is refused',
    async run(t) {
      const tag = await createTag(t, 'Contract Case');
      const byName = async (value: string) =>
        (
          await t.gql<{ findTags: { count: number } }>(
            'query($n: String!) { findTags(tag_filter: { name: { value: $n, modifier: EQUALS } }) { count } }',
            { n: value },
          )
        ).findTags.count;
      expect(await byName('contract case')).toBe(1);
      expect(await byName('contract_case')).toBe(1);
      expect(await byName('contract cas')).toBe(0);
      await expect(createTag(t, 'CONTRACT CASE')).rejects.toThrow(/already exists/);
      await destroyTag(t, tag.id);
    },
  },
  {
    name: 'refusals: a phash that is not a uint64 in hex, an unknown tag on a scene or destroyed twice; per_page 0',
    async run(t) {
      const scenes = await allScenes(t);
      const file = scenes[0]!.files[0]!;
      for (const bad of ['zz', '-1', '10000000000000000'])
        await expect(setPhash(t, file.id, bad), bad).rejects.toThrow(/strconv\.ParseUint/);
      await expect(bulkTags(t, [scenes[0]!.id], ['999999'], 'ADD')).rejects.toThrow();
      const tag = await createTag(t, 'contract destroyed twice');
      await destroyTag(t, tag.id);
      // A worker reaping a tag another worker already destroyed gets this.
      await expect(destroyTag(t, tag.id)).rejects.toThrow(/does not exist/);
      const page = await t.gql<{ findScenes: { count: number; scenes: unknown[] } }>(
        '{ findScenes(filter: { per_page: 0 }) { count scenes { id } } }',
      );
      expect(page.findScenes).toEqual({ count: scenes.length, scenes: [] });
    },
  },
];
