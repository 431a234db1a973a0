// The built plugin in direct mode, run exactly as Stash runs it: python3 launcher, the task JSON a
// real Stash sent (Go field names, session cookie, no API key) on stdin, against a stand-in that
// only accepts that cookie. Also: Stash's Stop (SIGKILL) mid-batch strands nothing past the lease.
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
import { waitFor } from '../../helpers/serve-harness.js';
import {
  FAKE_FFMPEG,
  SYNTHETIC_ROOT,
  cleanEnv,
  leftoverClaims,
  scenesMissingPhash,
  syntheticRig,
  type SyntheticRig,
} from '../../helpers/worker-harness.js';

const API_KEY = 'stand-in-api-key-the-plugin-never-sees';

function pluginEnv(rig: SyntheticRig, extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  return {
    ...cleanEnv(),
    HOME: rig.workDir,
    FAKE_BMP: rig.env.FAKE_BMP,
    // What an operator would set in Stash's environment for this machine's layout.
    PHASHVAAPI_FFMPEG_PATH: FAKE_FFMPEG,
    PHASHVAAPI_PATH_MAP: `${SYNTHETIC_ROOT}=${rig.mediaDir}`,
    PHASHVAAPI_LOG_LEVEL: 'info',
    ...extra,
  };
}

describe.skipIf(!HAS_PYTHON || !HAS_PLUGIN_FIXTURES)(
  `plugin, direct mode ${HAS_PLUGIN_FIXTURES ? '' : NO_PLUGIN_FIXTURES_REASON}`,
  () => {
    let pluginDir: string;
    const rigs: SyntheticRig[] = [];
    beforeAll(async () => {
      pluginDir = (await buildPlugin(await mkdtemp(join(tmpdir(), 'phashvaapi-plugin-')))).pluginDir;
    });
    afterAll(async () => Promise.all(rigs.map((r) => r.standin.close())));

    it("hashes one batch with Stash's cookie, with well-formed increasing progress and one output JSON", async () => {
      const rig = await syntheticRig(8, {
        apiKey: API_KEY,
        sessions: [PLUGIN_COOKIE],
        plugins: { phashvaapi: { batchSize: 4 } },
      });
      rigs.push(rig);
      const input = pluginInput('task', rig.standin.baseUrl, pluginDir, rig.workDir);
      const r = await startPlugin(pluginDir, input, pluginEnv(rig));
      expect(r.exitCode, String(r.stderr)).toBe(0);

      const log = parseStashLog(String(r.stderr));
      expect(log.malformed).toEqual([]);
      expect(log.progress[0]).toBe(0);
      expect(log.progress.at(-1)).toBe(1);
      expect(log.progress, String(r.stderr)).toEqual([0, 0.25, 0.5, 0.75, 1]);
      expect(log.lines.filter((l) => /^scene \d+: done \(\d\/4\)$/.test(l.text))).toHaveLength(4);

      const out = parseOutput(String(r.stdout));
      expect(out.error).toBeNull();
      expect(out.output).toMatch(/^4 claimed of 4 candidates .* 4 done, 0 failed/);
      // The batch size came from the plugin settings saved in Stash: four scenes are left
      // (8 scenes in batches of 4, so whichever random page the batch takes is full).
      expect(scenesMissingPhash(rig.standin)).toBe(4);
      expect(leftoverClaims(rig.standin)).toEqual({ tags: 0, scenes: 0 });
      // Every request carried the plugin's cookie (the stand-in refuses anything else).
      expect(rig.standin.requests.filter((q) => q.status === 401)).toEqual([]);
    }, 60_000);

    it('hashes with the ffmpeg Stash runs (systemStatus) unless the operator set one', async () => {
      const rig = await syntheticRig(2, { apiKey: API_KEY, sessions: [PLUGIN_COOKIE] });
      rigs.push(rig);
      // The media files are empty: only the fake ffmpeg (as Stash's own) can "hash" them.
      rig.standin.state.system.ffmpegPath = FAKE_FFMPEG;
      const { PHASHVAAPI_FFMPEG_PATH: _, ...unset } = pluginEnv(rig);
      const input = pluginInput('task', rig.standin.baseUrl, pluginDir, rig.workDir);
      const r = await startPlugin(pluginDir, input, unset);
      const out = parseOutput(String(r.stdout));
      expect(out.error, String(r.stderr)).toBeNull();
      expect(out.output).toMatch(/2 done, 0 failed/);
      expect(parseStashLog(String(r.stderr)).lines.map((l) => l.text)).toContain(`ffmpeg: ${FAKE_FFMPEG}`);
      expect(scenesMissingPhash(rig.standin)).toBe(0);

      // An operator's choice wins over Stash's.
      const chosen = await startPlugin(
        pluginDir,
        input,
        pluginEnv(rig, { PHASHVAAPI_FFMPEG_PATH: '/nonexistent/ffmpeg' }),
      );
      expect(parseStashLog(String(chosen.stderr)).lines.map((l) => l.text)).toContain(
        'ffmpeg: /nonexistent/ffmpeg',
      );
    }, 60_000);

    it('answers the dry-run, status and verify tasks in-process, writing nothing', async () => {
      const rig = await syntheticRig(3, {
        apiKey: API_KEY,
        sessions: [PLUGIN_COOKIE],
        plugins: { phashvaapi: { verifySample: 2 } },
      });
      rigs.push(rig);
      // Two scenes already have the phash the fake ffmpeg gives; the third has none.
      const [a, b] = [...rig.standin.state.scenes.values()];
      a!.files[0]!.fingerprints.push({ type: 'phash', value: 0x8000000000000000n });
      b!.files[0]!.fingerprints.push({ type: 'phash', value: 0x8000000000000000n });
      const before = rig.standin.snapshot();
      const task = async (mode: string) => {
        const input = pluginInput('task', rig.standin.baseUrl, pluginDir, rig.workDir, { mode });
        const r = await startPlugin(pluginDir, input, pluginEnv(rig));
        expect(parseStashLog(String(r.stderr)).malformed).toEqual([]);
        return parseOutput(String(r.stdout));
      };
      expect((await task('dry-run')).output).toMatch(
        /scenes missing a phash\s+1[\s\S]*Dry run: nothing was written/,
      );
      expect((await task('status')).output).toMatch(/scenes missing a phash\s+1[\s\S]*live workers\s+0/);
      expect((await task('verify')).output).toMatch(
        /Re-hashed 2 file\(s\)[\s\S]*exact match\s+2 \(100\.0%\)/,
      );
      expect(rig.standin.snapshot()).toBe(before);
    }, 60_000);

    it('reports a refused cookie as the task error', async () => {
      const rig = await syntheticRig(1, { apiKey: API_KEY, sessions: ['another-cookie'] });
      rigs.push(rig);
      const r = await startPlugin(
        pluginDir,
        pluginInput('task', rig.standin.baseUrl, pluginDir, rig.workDir),
        pluginEnv(rig),
      );
      const out = parseOutput(String(r.stdout));
      expect(out.error).toMatch(/401|session|auth/i);
      expect(parseStashLog(String(r.stderr)).malformed).toEqual([]);
      expect(scenesMissingPhash(rig.standin)).toBe(1);
    }, 60_000);

    it('without Node.js and without a Service URL: fails saying what to do', async () => {
      const rig = await syntheticRig(1, { apiKey: API_KEY, sessions: [PLUGIN_COOKIE] });
      rigs.push(rig);
      const input = pluginInput('task', rig.standin.baseUrl, pluginDir, rig.workDir);
      const r = await startPlugin(pluginDir, input, pluginEnv(rig, { PHASHVAAPI_NODE: '/nonexistent/node' }));
      expect(parseOutput(String(r.stdout)).error).toMatch(/Node\.js was not found.*Service URL/);
      expect(scenesMissingPhash(rig.standin)).toBe(1);
    }, 60_000);

    it("leaves nothing claimed past the lease when Stash's Stop kills it mid-batch", async () => {
      // Long enough that the "within the lease" run below starts well inside it on a loaded machine.
      const TTL = 10;
      const rig = await syntheticRig(4, { apiKey: API_KEY, sessions: [PLUGIN_COOKIE] });
      rigs.push(rig);
      const input = pluginInput('task', rig.standin.baseUrl, pluginDir, rig.workDir);
      const env = pluginEnv(rig, {
        PHASHVAAPI_LEASE_TTL_SECONDS: String(TTL),
        PHASHVAAPI_CONCURRENCY: '1',
        PHASHVAAPI_SCENE_CONCURRENCY: '1',
      });
      const victim = startPlugin(pluginDir, input, { ...env, FAKE_DELAY: '0.3' });
      await waitFor('the plugin to claim', () => leftoverClaims(rig.standin).scenes === 4, 30_000);
      // The launcher exec'd Node in its own process: the pid Stash kills is the one doing the work.
      if (process.platform === 'linux') {
        const { readFile } = await import('node:fs/promises');
        expect(await readFile(`/proc/${victim.pid}/cmdline`, 'utf8')).toContain('phashvaapi.mjs');
      }
      victim.kill('SIGKILL');
      await victim;
      const killedAt = Date.now();
      const requestsAtKill = rig.standin.requestCount();
      await new Promise((r) => setTimeout(r, 1000));
      expect(rig.standin.requestCount(), 'no orphan process goes on talking to Stash').toBe(requestsAtKill);
      expect(leftoverClaims(rig.standin).tags).toBe(1);
      expect(scenesMissingPhash(rig.standin)).toBeGreaterThan(0);

      // Within the lease the claims hold: the next task finds nothing to claim.
      const early = await startPlugin(pluginDir, input, env);
      expect(parseOutput(String(early.stdout)).output).toMatch(/^0 claimed/);
      await new Promise((r) => setTimeout(r, Math.max(0, killedAt + (TTL + 2) * 1000 - Date.now())));
      // After it, the next task reaps the dead worker's claims and does the scenes.
      const rescue = await startPlugin(pluginDir, input, env);
      expect(parseOutput(String(rescue.stdout)).error).toBeNull();
      expect(scenesMissingPhash(rig.standin)).toBe(0);
      expect(leftoverClaims(rig.standin)).toEqual({ tags: 0, scenes: 0 });
    }, 90_000);
  },
);
