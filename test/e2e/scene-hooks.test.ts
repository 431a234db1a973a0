// Claims are invisible to users' scene hooks, on the real Stash: a plugin hooked on
// Scene.Update.Post (as many community plugins are) counts its runs while a phash-only batch
// claims, hashes and releases N scenes. Claims and releases write only to the worker's claim tag
// and the phash is a file fingerprint, so the hook must not run at all (0.1 ran it twice per scene).
import { mkdir, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { runCli } from '../helpers/cli.js';
import { cleanEnv } from '../helpers/worker-harness.js';
import {
  describeRealStash,
  removeRealStash,
  startRealStash,
  synthVideo,
  type RealStash,
} from '../helpers/real-stash.js';

const SCENES = 4;

// A raw-interface plugin whose hook appends Stash's JSON input (one line) to hits.jsonl.
const PLUGIN_YML = `name: Hook counter
description: counts Scene.Update.Post runs (test only)
version: 1.0.0
exec: [sh, "{pluginDir}/count.sh", "{pluginDir}/hits.jsonl"]
interface: raw
hooks:
  - name: Count scene updates
    description: one line per run
    triggeredBy: [Scene.Update.Post]
`;
const COUNT_SH = `#!/bin/sh
# Stash writes the plugin input (one JSON line) on stdin, then closes it.
cat >> "$1"
echo >> "$1"
`;

describeRealStash('Scene.Update.Post hooks during a phash-only batch (real Stash)', () => {
  let stash: RealStash;
  let work: string;
  let hits: string;

  const hookRuns = async (): Promise<string[]> =>
    (await readFile(hits, 'utf8').catch(() => '')).split('\n').filter((l) => l.trim() !== '');

  beforeAll(async () => {
    work = await mkdtemp(join(tmpdir(), 'phashvaapi-hooks-'));
    const media = join(work, 'media');
    await mkdir(media);
    for (let i = 0; i < SCENES; i++) await synthVideo(join(media, `clip${i}.mp4`), { seconds: 3, seed: i });
    stash = await startRealStash([media]);
    const pluginDir = join(stash.home, 'plugins', 'hookcounter');
    hits = join(pluginDir, 'hits.jsonl');
    await mkdir(pluginDir, { recursive: true });
    await writeFile(join(pluginDir, 'hookcounter.yml'), PLUGIN_YML);
    await writeFile(join(pluginDir, 'count.sh'), COUNT_SH, { mode: 0o755 });
    await stash.gql('mutation { reloadPlugins }');
    await stash.scan({ scanGeneratePhashes: false, scanGenerateCovers: false });
  }, 300_000);

  afterAll(async () => {
    if (stash) await removeRealStash(stash);
  });

  it('the counting plugin sees a scene update (so a 0 below means something)', async () => {
    const [scene] = await stash.scenes();
    await stash.gql('mutation($id: ID!) { sceneUpdate(input: { id: $id, title: "hook check" }) { id } }', {
      id: scene!.id,
    });
    const runs = await hookRuns();
    expect(runs.length, 'the hook plugin did not run on a plain sceneUpdate').toBe(1);
    expect(runs[0]).toContain('Scene.Update.Post');
    await writeFile(hits, '');
  }, 60_000);

  it('fires 0 times while a batch claims, hashes and releases every scene', async () => {
    expect((await stash.scenes()).length).toBe(SCENES);
    const result = await runCli(
      [
        'run',
        '--once',
        '--json',
        '--steps',
        'phash',
        '--stash-url',
        stash.url,
        '--batch-size',
        String(SCENES),
        '--error-log',
        join(work, 'errors.log'),
      ],
      { env: { ...cleanEnv(), HOME: work }, extendEnv: false },
    );
    expect(result.exitCode, result.stderr).toBe(0);
    const scenes = await stash.scenes();
    const hashed = scenes.filter((s) => s.files[0]!.fingerprints.some((f) => f.type === 'phash'));
    expect(hashed.length, 'the batch did not hash every scene').toBe(SCENES);
    const runs = await hookRuns();
    console.log(`Scene.Update.Post hook runs during a ${SCENES}-scene phash-only batch: ${runs.length}`);
    expect(runs, "a claim, release or phash write ran users' Scene.Update.Post hooks").toEqual([]);
    // No claim tag is left behind either.
    const tags = await stash.gql<{ findTags: { tags: { name: string }[] } }>(
      '{ findTags(filter: { per_page: -1 }) { tags { name } } }',
    );
    expect(tags.findTags.tags.map((t) => t.name).filter((n) => n.startsWith('phashvaapi claim '))).toEqual(
      [],
    );
  }, 300_000);
});
