// Stash's raw plugin protocol: the captured stdin parses (Go field names, whole cookie), the
// connection becomes a reachable URL, log lines carry Stash's prefixes, progress is clamped.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  formatPluginOutput,
  parsePluginInput,
  pluginModeOf,
  stashUrlOf,
  type ServerConnection,
} from '../../../plugin/lib/protocol.js';
import { parsePluginSettings, settingsAsFlags } from '../../../plugin/lib/settings.js';
import { createStashLogger, progressLine, stashLogLines } from '../../../plugin/lib/stash-log.js';
import { redact } from '../../../src/observability/logger.js';
import { FIXTURES, HAS_PLUGIN_FIXTURES } from '../../helpers/plugin-harness.js';

const conn = (over: Partial<ServerConnection>): ServerConnection => ({
  Scheme: 'http',
  Host: '0.0.0.0',
  Port: 9999,
  SessionCookie: null,
  Dir: '',
  PluginDir: '',
  ...over,
});

describe('plugin input', () => {
  it.skipIf(!HAS_PLUGIN_FIXTURES)('parses what a real Stash sent for a task and for a hook', () => {
    const task = parsePluginInput(readFileSync(join(FIXTURES, 'stash-plugin-input-task.json'), 'utf8'));
    expect(task.server_connection).toMatchObject({
      Scheme: 'http',
      Host: '127.0.0.1',
      Port: 9999,
      SessionCookie: { Name: 'session', Value: 'REDACTED-SESSION-COOKIE-VALUE' },
    });
    expect(pluginModeOf(task.args)).toBe('run');
    expect(stashUrlOf(task.server_connection)).toBe('http://127.0.0.1:9999');
    const hook = parsePluginInput(readFileSync(join(FIXTURES, 'stash-plugin-input-hook.json'), 'utf8'));
    expect(pluginModeOf(hook.args)).toBe('hook');
  });

  it('connects to localhost when Stash binds every address, and brackets IPv6', () => {
    expect(stashUrlOf(conn({}))).toBe('http://localhost:9999');
    expect(stashUrlOf(conn({ Host: '::', Scheme: 'https' }))).toBe('https://localhost:9999');
    expect(stashUrlOf(conn({ Host: 'fd00::5', Port: 443 }))).toBe('http://[fd00::5]:443');
  });

  it('refuses input that is not from Stash and modes it does not know', () => {
    expect(() => parsePluginInput('{"args":{}}')).toThrow(/server_connection/);
    expect(() => pluginModeOf({ mode: 'delete-all' })).toThrow(/`mode`.*delete-all/);
    expect(
      parsePluginInput('{"server_connection":{"SessionCookie":{"Name":"session","Value":""}}}')
        .server_connection.SessionCookie,
    ).toBeNull();
  });

  it('prints one {output, error} line', () => {
    expect(formatPluginOutput('ok', null)).toBe('{"output":"ok","error":null}\n');
  });
});

describe("Stash's log protocol", () => {
  it('prefixes every line, clamps progress, filters levels and never shows a secret', () => {
    expect(stashLogLines('warn', 'a\nb')).toBe('\x01w\x02a\n\x01w\x02b\n');
    expect([progressLine(-1), progressLine(0.5), progressLine(7), progressLine(NaN)]).toEqual([
      '\x01p\x020.0000\n',
      '\x01p\x020.5000\n',
      '\x01p\x021.0000\n',
      '\x01p\x020.0000\n',
    ]);
    const out: string[] = [];
    redact('cookie-secret-value');
    const log = createStashLogger((t) => out.push(t), 'info');
    log.debug('hidden');
    log.child({ sceneId: '7' }).error('failed with cookie-secret-value', { step: 'phash' });
    expect(out).toEqual(['\x01e\x02failed with *** (sceneId=7 step=phash)\n']);
    expect(stashLogLines('info', 'x'.repeat(100_000)).length).toBeLessThan(65_536);
  });
});

describe('plugin settings', () => {
  it('treats unsaved, empty and mistyped settings as unset', () => {
    expect(parsePluginSettings(undefined)).toEqual({
      serviceUrl: null,
      accessToken: null,
      batchSize: null,
      steps: null,
      hashNewScenes: false,
      verifySample: null,
    });
    const s = parsePluginSettings({
      serviceUrl: ' http://h:9971/ ',
      accessToken: '',
      batchSize: 0,
      steps: 'phash',
      hashNewScenes: 'yes',
      verifySample: 5,
    });
    expect(s).toEqual({
      serviceUrl: 'http://h:9971',
      accessToken: null,
      batchSize: null,
      steps: 'phash',
      hashNewScenes: false,
      verifySample: 5,
    });
    expect(settingsAsFlags({ ...s, batchSize: 7 })).toEqual({ batchSize: '7', steps: 'phash' });
  });
});
