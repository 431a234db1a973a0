import { mkdir, mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import { loadConfig } from '../../../src/config/load-config.js';
import { findConfigFile, loadConfigFile, parseConfigText } from '../../../src/config/load-file.js';

const PATH = '/etc/phashvaapi.yml';

describe('parseConfigText', () => {
  it('returns values by key with their lines, dropping empty keys', () => {
    const text =
      '# comment\nstashUrl: http://stash:9999\nsteps: [phash, cover]\napiKey:\npathMap:\n  - /a=/b\n';
    expect(parseConfigText(text, PATH, {})).toEqual({
      path: PATH,
      values: { stashUrl: 'http://stash:9999', steps: ['phash', 'cover'], pathMap: ['/a=/b'] },
      lines: { stashUrl: 2, steps: 3, apiKey: 4, pathMap: 5 },
    });
  });

  it('reads an empty file and JSON', () => {
    expect(parseConfigText('', PATH, {}).values).toEqual({});
    expect(parseConfigText('{"batchSize": 3}', PATH, {}).values).toEqual({ batchSize: 3 });
  });

  it('interpolates ${VAR} and ${VAR:-fallback} before parsing', () => {
    const text = 'apiKey: ${STASH_KEY}\nbatchSize: ${BATCH}\nerrorTag: ${TAG:-failed here}\n';
    const { values } = parseConfigText(text, PATH, { STASH_KEY: 'k3y', BATCH: '12' });
    expect(values).toEqual({ apiKey: 'k3y', batchSize: 12, errorTag: 'failed here' });
  });

  it('names an unset variable and its line; whole-line comments are not interpolated', () => {
    const text = '# apiKey: ${NOT_NEEDED}\nstashUrl: http://x\napiKey: ${STASH_KEY}\n';
    expect(() => parseConfigText(text, PATH, {})).toThrow(ConfigError);
    expect(() => parseConfigText(text, PATH, {})).toThrow(
      `Config file ${PATH} line 3 uses \${STASH_KEY}, but the environment variable STASH_KEY is not set`,
    );
  });

  it('rejects unknown keys, naming the file, line and a near miss', () => {
    const text = 'stashUrl: http://x\nbatchSiz: 3\napi-key: k\nfrobnicate: 1\n';
    let message = '';
    try {
      parseConfigText(text, PATH, {});
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toBe(
      `Config file ${PATH}:\n` +
        '  line 2: unknown option `batchSiz`; did you mean `batchSize`?\n' +
        '  line 3: unknown option `api-key`; did you mean `apiKey`?\n' +
        '  line 4: unknown option `frobnicate`',
    );
  });

  it('reports YAML syntax errors with the file and line', () => {
    expect(() => parseConfigText('steps: [phash,\nbatchSize: 3\n', PATH, {})).toThrow(
      new RegExp(`^Cannot parse config file ${PATH}: .*line \\d+`),
    );
    expect(() => parseConfigText('a: 1\na: 2\n', PATH, {})).toThrow(/unique/);
  });

  it('hides interpolated values that a syntax error quotes', () => {
    const run = () => parseConfigText('apiKey: ${KEY}\n', PATH, { KEY: 'abc: [secret' });
    expect(run).toThrow(ConfigError);
    expect(run).not.toThrow(/secret/);
  });

  it('rejects a file that is not a mapping', () => {
    expect(() => parseConfigText('- phash\n', PATH, {})).toThrow(/must be a mapping/);
  });
});

describe('findConfigFile / loadConfigFile', () => {
  const setup = async () => {
    const root = await mkdtemp(join(tmpdir(), 'phashvaapi-config-'));
    const cwd = join(root, 'cwd');
    const homeDir = join(root, 'home');
    await mkdir(join(homeDir, '.config', 'phashvaapi'), { recursive: true });
    await mkdir(cwd);
    return { root, cwd, homeDir };
  };

  it('prefers --config, then PHASHVAAPI_CONFIG, then ./phashvaapi.yml, then ~/.config', async () => {
    const { root, cwd, homeDir } = await setup();
    const home = join(homeDir, '.config', 'phashvaapi', 'config.yml');
    const local = join(cwd, 'phashvaapi.yml');
    const named = join(root, 'named.yml');
    const fromEnv = join(root, 'env.yml');
    for (const path of [home, local, named, fromEnv]) await writeFile(path, 'retries: 1\n');
    const env = { PHASHVAAPI_CONFIG: fromEnv };
    expect(findConfigFile({ configFlag: '../named.yml', env, cwd, homeDir })).toBe(named);
    expect(findConfigFile({ configFlag: null, env, cwd, homeDir })).toBe(fromEnv);
    expect(findConfigFile({ configFlag: null, env: {}, cwd, homeDir })).toBe(local);
    expect(findConfigFile({ configFlag: null, env: {}, cwd: root, homeDir })).toBe(home);
    expect(findConfigFile({ configFlag: null, env: {}, cwd: root, homeDir: root })).toBeNull();
  });

  it('honours XDG_CONFIG_HOME', async () => {
    const { root, cwd, homeDir } = await setup();
    await mkdir(join(root, 'xdg', 'phashvaapi'), { recursive: true });
    await writeFile(join(root, 'xdg', 'phashvaapi', 'config.yml'), '');
    const env = { XDG_CONFIG_HOME: join(root, 'xdg') };
    expect(findConfigFile({ configFlag: null, env, cwd, homeDir })).toBe(
      join(root, 'xdg', 'phashvaapi', 'config.yml'),
    );
  });

  it('fails when a named file does not exist, saying who named it', async () => {
    const { cwd, homeDir } = await setup();
    expect(() => findConfigFile({ configFlag: 'nope.yml', env: {}, cwd, homeDir })).toThrow(
      `Config file ${join(cwd, 'nope.yml')} (from --config) does not exist`,
    );
    const env = { PHASHVAAPI_CONFIG: '/nope.yml' };
    expect(() => findConfigFile({ configFlag: null, env, cwd, homeDir })).toThrow(/from PHASHVAAPI_CONFIG/);
  });

  it('loads and parses the file found, or returns null', async () => {
    const { cwd, homeDir } = await setup();
    expect(await loadConfigFile({ configFlag: null, env: {}, cwd, homeDir })).toBeNull();
    await writeFile(join(cwd, 'phashvaapi.yml'), 'retries: ${N}\n');
    const loaded = await loadConfigFile({ configFlag: null, env: { N: '3' }, cwd, homeDir });
    expect(loaded).toEqual({
      path: join(cwd, 'phashvaapi.yml'),
      values: { retries: 3 },
      lines: { retries: 1 },
    });
  });
});

describe('loadConfig', () => {
  it('reads the file named by the last --config and resolves all layers', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-config-'));
    await writeFile(join(dir, 'a.yml'), 'retries: 1\n');
    await writeFile(join(dir, 'b.yml'), 'retries: 2\nbatchSize: 3\n');
    const loaded = await loadConfig({
      argv: { config: ['a.yml', 'b.yml'], batchSize: '4' },
      env: {},
      cwd: dir,
      homeDir: dir,
    });
    expect(loaded.file).toBe(join(dir, 'b.yml'));
    expect(loaded.config).toMatchObject({ retries: 2, batchSize: 4 });
    expect(loaded.sources).toMatchObject({
      retries: `file:${join(dir, 'b.yml')}`,
      batchSize: 'flag:--batch-size',
    });
  });
});
