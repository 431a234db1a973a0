// The status page in a real headless browser (Debian's chromium): after a batch, the page a person
// opens (with the access token once in the URL, then a cookie) shows the finished batch and its
// results. Skips when /usr/bin/chromium is absent (.ci/run installs it).
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, waitFor, type ServeProcess } from '../../helpers/serve-harness.js';
import { scenesMissingPhash, syntheticRig, type SyntheticRig } from '../../helpers/worker-harness.js';

const CHROMIUM = '/usr/bin/chromium';
const TOKEN = 'status-page-token';

// Headless Chromium with no network of its own (this machine's network is closed).
async function chromium(args: string[]): Promise<string> {
  const profile = await mkdtemp(join(tmpdir(), 'phashvaapi-chromium-'));
  const flags = [
    '--headless',
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
    `--user-data-dir=${profile}`,
  ];
  const r = await execa(CHROMIUM, [...flags, ...args], { reject: false, timeout: 60_000 });
  expect(r.exitCode, String(r.stderr)).toBe(0);
  return String(r.stdout);
}

describe.skipIf(!existsSync(CHROMIUM))(
  `status page in a browser ${existsSync(CHROMIUM) ? '' : `(skipped: ${CHROMIUM} not installed; apt-get install chromium)`}`,
  () => {
    let rig: SyntheticRig;
    let serve: ServeProcess | null = null;
    afterAll(async () => {
      await serve?.stop();
      await rig?.standin.close();
    });

    it('shows the finished batch and its results', async () => {
      rig = await syntheticRig(4);
      serve = await startServe([...rig.baseArgs, '--access-token', TOKEN, '--paused'], rig.env);
      const trigger = await fetch(`${serve.url}/api/batch`, {
        method: 'POST',
        headers: { Authorization: `Bearer ${TOKEN}` },
      });
      expect(trigger.status).toBe(202);
      await waitFor('the batch', () => scenesMissingPhash(rig.standin) === 0);
      await waitFor('the batch to be reported', async () => {
        const res = await fetch(`${serve!.url}/api/status`, {
          headers: { Authorization: `Bearer ${TOKEN}` },
        });
        return ((await res.json()) as { worker: { batches: number } }).worker.batches === 1;
      });

      const page = `${serve.url}/?token=${TOKEN}`;
      const dom = await chromium(['--dump-dom', page]);
      expect(dom).toMatch(/<div id="batch" data-batch="1" data-state="finished">/);
      expect(dom).toMatch(
        /Batch 1<\/strong> <span class="muted">finished<\/span>: 4\/4 \(4 done, 0 failed, 0 skipped\)/,
      );
      expect(dom.match(/<tr class="result">/g)).toHaveLength(4);
      expect(dom.match(/<td class="done">done<\/td>/g)).toHaveLength(4);
      expect(dom).toContain('id="state" class="state paused"');
      expect(dom).toContain('(this one)');
      expect(dom).not.toContain(TOKEN);

      const shot = join(await mkdtemp(join(tmpdir(), 'phashvaapi-shot-')), 'status.png');
      await chromium(['--screenshot=' + shot, '--window-size=1200,800', '--hide-scrollbars', page]);
      expect((await stat(shot)).size).toBeGreaterThan(10_000);
      expect((await readFile(shot)).subarray(1, 4).toString()).toBe('PNG');
      if (process.env.PHASHVAAPI_SCREENSHOT) await execa('cp', [shot, process.env.PHASHVAAPI_SCREENSHOT]);

      // Without the token the browser gets nothing.
      expect(await chromium(['--dump-dom', serve.url])).not.toContain('Batch 1');
    }, 120_000);
  },
);
