// The plugin's "via the service" path, as in Stash's official image (no Node.js needed): Stash's
// task JSON → python3 launcher → reads its settings from Stash with the cookie → POST to
// `phashvaapi serve` → the service's loop runs the batch → logs, progress and the summary come back.
// A wrong token gets 401 and nothing runs; the Scene.Create.Post hook returns at once and the
// service hashes the new scene.
import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildPlugin } from '../../../service/package-plugin.js';
import {
  HAS_PLUGIN_FIXTURES,
  HAS_PYTHON,
  NO_PLUGIN_FIXTURES_REASON,
  PLUGIN_COOKIE,
  parseOutput,
  parseStashLog,
  pluginInput,
  startPlugin,
} from '../../helpers/plugin-harness.js';
import { startServe, waitFor, type ServeProcess } from '../../helpers/serve-harness.js';
import {
  SYNTHETIC_ROOT,
  cleanEnv,
  leftoverClaims,
  phashWrites,
  scenesMissingPhash,
  syntheticRig,
  type SyntheticRig,
} from '../../helpers/worker-harness.js';

const API_KEY = 'service-api-key';
const TOKEN = 'plugin-to-service-token';

describe.skipIf(!HAS_PYTHON || !HAS_PLUGIN_FIXTURES)(
  `plugin via the service ${HAS_PLUGIN_FIXTURES ? '' : NO_PLUGIN_FIXTURES_REASON}`,
  () => {
    let pluginDir: string;
    let rig: SyntheticRig;
    let serve: ServeProcess;
    // The plugin's environment has no PHASHVAAPI_* settings and no way to hash: only the service can.
    const env = () => ({ ...cleanEnv(), HOME: rig.workDir, PHASHVAAPI_NODE: '/nonexistent/node' });
    const settings = (extra: Record<string, unknown>) => {
      rig.standin.state.plugins = { phashvaapi: { serviceUrl: serve.url, accessToken: TOKEN, ...extra } };
    };

    beforeAll(async () => {
      pluginDir = (await buildPlugin(await mkdtemp(join(tmpdir(), 'phashvaapi-plugin-')))).pluginDir;
      rig = await syntheticRig(3, { apiKey: API_KEY, sessions: [PLUGIN_COOKIE] });
      serve = await startServe(
        [...rig.baseArgs, '--api-key', API_KEY, '--access-token', TOKEN, '--paused'],
        rig.env,
      );
    });
    afterAll(async () => {
      await serve?.stop();
      await rig?.standin.close();
    });

    it('with a wrong token: the task fails with the 401 and nothing runs', async () => {
      settings({ accessToken: 'not-the-token' });
      const r = await startPlugin(
        pluginDir,
        pluginInput('task', rig.standin.baseUrl, pluginDir, rig.workDir),
        env(),
      );
      const out = parseOutput(String(r.stdout));
      expect(out.error).toMatch(/401/);
      await new Promise((resolve) => setTimeout(resolve, 1000));
      expect(phashWrites(rig.standin)).toBe(0);
      expect(scenesMissingPhash(rig.standin)).toBe(3);
    }, 60_000);

    it('runs one batch on the service and relays its log, progress and summary', async () => {
      settings({});
      const r = await startPlugin(
        pluginDir,
        pluginInput('task', rig.standin.baseUrl, pluginDir, rig.workDir),
        env(),
      );
      expect(r.exitCode, String(r.stderr)).toBe(0);
      const out = parseOutput(String(r.stdout));
      expect(out.error).toBeNull();
      expect(out.output).toMatch(/^batch 1: 3 claimed of 3 candidates .* 3 done, 0 failed/);
      const log = parseStashLog(String(r.stderr));
      expect(log.malformed).toEqual([]);
      expect(log.lines.map((l) => l.text)).toContain(
        'batch 1 requested (the loop is paused; this one batch runs)',
      );
      expect(log.lines.filter((l) => /^scene \d+: done \(\d\/3\)$/.test(l.text))).toHaveLength(3);
      expect(log.progress.at(-1)).toBe(1);
      expect(log.progress.every((p, i) => i === 0 || p > log.progress[i - 1]!)).toBe(true);
      expect(scenesMissingPhash(rig.standin)).toBe(0);
      expect(leftoverClaims(rig.standin).scenes).toBe(0);
    }, 60_000);

    it('answers the status, dry-run and verify tasks from the service', async () => {
      settings({ verifySample: 2 });
      const run = async (mode: string) => {
        const r = await startPlugin(
          pluginDir,
          pluginInput('task', rig.standin.baseUrl, pluginDir, rig.workDir, { mode }),
          env(),
        );
        return parseOutput(String(r.stdout));
      };
      const status = await run('status');
      expect(status.error).toBeNull();
      expect(status.output).toMatch(/worker \S+: paused, 1 batches/);
      expect(status.output).toMatch(/workers in Stash: 1 live/);
      expect((await run('dry-run')).output).toMatch(/scenes missing a phash\s+0/);
      const verify = await run('verify');
      expect(verify.error).toBeNull();
      expect(verify.output).toMatch(/Re-hashed 2 file\(s\)[\s\S]*exact match\s+2 \(100\.0%\)/);
    }, 60_000);

    it('hook: returns at once, and the service hashes the new scene', async () => {
      settings({ hashNewScenes: true });
      const scene = rig.standin.addScene({
        title: 'new',
        files: [{ path: `${SYNTHETIC_ROOT}/scene-000001.mp4`, duration: 61.04, oshash: 'feedfacefeedface' }],
      });
      const input = JSON.parse(pluginInput('hook', rig.standin.baseUrl, pluginDir, rig.workDir)) as {
        args: { hookContext: Record<string, unknown> };
      };
      Object.assign(input.args.hookContext, { id: Number(scene.id), type: 'Scene.Create.Post', input: null });
      // The hook only asks the service for a batch (Stash waits for hooks); the service hashes.
      const r = await startPlugin(pluginDir, JSON.stringify(input), env());
      expect(parseOutput(String(r.stdout))).toEqual({
        output: `batch 2 requested for scene ${scene.id}`,
        error: null,
      });
      expect(parseStashLog(String(r.stderr)).malformed).toEqual([]);
      await waitFor('the new scene to be hashed', () => scenesMissingPhash(rig.standin) === 0);
    }, 60_000);
  },
);
