import { describe, expect, it } from 'vitest';
import { ConfigError } from '../../../src/errors.js';
import type { ConfigFile } from '../../../src/config/load-file.js';
import { resolveConfig } from '../../../src/config/resolve.js';

const file = (values: Record<string, unknown>, lines: Record<string, number> = {}): ConfigFile => ({
  path: '/etc/phashvaapi.yml',
  values,
  lines,
});
const resolve = (
  argv: Record<string, unknown> = {},
  env: Record<string, string> = {},
  f: ConfigFile | null = null,
) => resolveConfig({ argv, env, file: f });

describe('resolveConfig: precedence', () => {
  it('uses the defaults when nothing is given, with every source `default`', () => {
    const { config, sources } = resolve();
    expect(config.stashUrl).toBe('http://localhost:9999');
    expect(config.batchSize).toBe(20);
    expect(config.steps).toEqual(['phash']);
    expect(config.apiKey).toBeNull();
    expect(config.pathMap).toEqual([]);
    expect(config.concurrency).toBeGreaterThanOrEqual(1);
    expect(new Set(Object.values(sources))).toEqual(new Set(['default']));
  });

  it('file > default, env > file, flag > env, decided per key', () => {
    const f = file({ batchSize: 10, retries: 1, ffmpegPath: '/opt/ffmpeg' });
    const env = { PHASHVAAPI_BATCH_SIZE: '30', PHASHVAAPI_RETRIES: '2' };
    const { config, sources } = resolve({ batchSize: 40 }, env, f);
    expect(config.batchSize).toBe(40);
    expect(sources.batchSize).toBe('flag:--batch-size');
    expect(config.retries).toBe(2);
    expect(sources.retries).toBe('env:PHASHVAAPI_RETRIES');
    expect(config.ffmpegPath).toBe('/opt/ffmpeg');
    expect(sources.ffmpegPath).toBe('file:/etc/phashvaapi.yml');
    expect(config.sceneConcurrency).toBe(2);
    expect(sources.sceneConcurrency).toBe('default');
  });

  it('reads kebab-case argv keys too, and a `false` flag still counts as given', () => {
    const { config, sources } = resolve({ 'dry-run': false }, { PHASHVAAPI_DRY_RUN: 'true' });
    expect(config.dryRun).toBe(false);
    expect(sources.dryRun).toBe('flag:--dry-run');
  });

  it('treats an empty environment variable as unset', () => {
    const { config, sources } = resolve({}, { PHASHVAAPI_API_KEY: '' }, file({ apiKey: 'from-file' }));
    expect(config.apiKey).toBe('from-file');
    expect(sources.apiKey).toBe('file:/etc/phashvaapi.yml');
  });

  it('takes the last of a repeated single-value flag', () => {
    expect(resolve({ batchSize: ['5', '7'] }).config.batchSize).toBe(7);
  });
});

describe('resolveConfig: parsing each layer', () => {
  it.each([
    ['1', true],
    ['yes', true],
    ['ON', true],
    ['true', true],
    ['0', false],
    ['no', false],
    ['off', false],
    ['False', false],
  ])('env boolean %s → %s', (text, expected) => {
    expect(resolve({}, { PHASHVAAPI_FORCE: text }).config.force).toBe(expected);
  });

  it('parses env numbers, including fractional seconds', () => {
    const { config } = resolve({}, { PHASHVAAPI_CONCURRENCY: ' 6 ', PHASHVAAPI_IDLE_MIN_SECONDS: '2.5' });
    expect(config.concurrency).toBe(6);
    expect(config.idleMinSeconds).toBe(2.5);
  });

  it('splits env lists on commas, or on newlines when there are any', () => {
    const env = {
      PHASHVAAPI_STEPS: 'sprite, phash,,cover',
      PHASHVAAPI_PATH_MAP: '/data=/mnt/a,b\n/media=/mnt/media\n',
    };
    const { config } = resolve({}, env);
    expect(config.steps).toEqual(['phash', 'cover', 'sprite']);
    expect(config.pathMap).toEqual([
      { stashPrefix: '/media', localPrefix: '/mnt/media' },
      { stashPrefix: '/data', localPrefix: '/mnt/a,b' },
    ]);
  });

  it('splits --steps on commas and accepts it repeated; keeps each --path-map whole', () => {
    const { config } = resolve({ steps: ['preview,phash', 'webp'], pathMap: '/a=/x,y' });
    expect(config.steps).toEqual(['phash', 'preview', 'webp']);
    expect(config.pathMap).toEqual([{ stashPrefix: '/a', localPrefix: '/x,y' }]);
  });

  it('accepts YAML lists, numbers, booleans and numeric strings', () => {
    const f = file({ steps: ['cover', 'phash'], batchSize: '15', force: true, pathMap: ['/d=/m'] });
    const { config } = resolve({}, {}, f);
    expect(config).toMatchObject({ steps: ['phash', 'cover'], batchSize: 15, force: true });
    expect(config.pathMap).toEqual([{ stashPrefix: '/d', localPrefix: '/m' }]);
  });

  it.each([
    ['http://stash:9999', 'http://stash:9999'],
    ['http://stash:9999/', 'http://stash:9999'],
    ['http://stash:9999/graphql', 'http://stash:9999'],
    ['https://example.org/stash/graphql/', 'https://example.org/stash'],
    ['  HTTP://Stash.LAN:9999/GraphQL ', 'http://stash.lan:9999'],
  ])('normalises stashUrl %j → %j', (given, expected) => {
    expect(resolve({ stashUrl: given }).config.stashUrl).toBe(expected);
  });
});

describe('resolveConfig: validation', () => {
  const message = (fn: () => unknown): string => {
    try {
      fn();
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      return (error as Error).message;
    }
    throw new Error('expected a ConfigError');
  };

  it('names the option, the layer and the value, in execa wording', () => {
    expect(message(() => resolve({}, { PHASHVAAPI_BATCH_SIZE: '0' }))).toBe(
      'Expected `batchSize` (env PHASHVAAPI_BATCH_SIZE) to be a positive integer, got `0`',
    );
    expect(message(() => resolve({ batchSize: 'abc' }))).toBe(
      'Expected `batchSize` (flag --batch-size) to be a positive integer, got `abc`',
    );
    expect(message(() => resolve({}, {}, file({ retries: -1 }, { retries: 4 })))).toBe(
      'Expected `retries` (file /etc/phashvaapi.yml, line 4) to be an integer >= 0, got `-1` (number)',
    );
  });

  it.each([
    [{ PHASHVAAPI_FORCE: 'maybe' }, /`force`.*a boolean.*got `maybe`/],
    [
      { PHASHVAAPI_HWACCEL: 'cuda' },
      /`hwaccel`.*one of `auto`, `off`, `vaapi`, `qsv` or `nvenc`, got `cuda`/,
    ],
    [{ PHASHVAAPI_STEPS: 'phash,thumbs' }, /`steps`.*, but `thumbs` is not one of them$/],
    [{ PHASHVAAPI_STEPS: ',' }, /`steps`.*a non-empty list/],
    [{ PHASHVAAPI_LOG_LEVEL: 'verbose' }, /`logLevel`.*got `verbose`/],
    [{ PHASHVAAPI_STASH_URL: 'localhost:9999' }, /`stashUrl`.*an http\(s\) URL/],
    [{ PHASHVAAPI_STASH_URL: 'ftp://stash' }, /`stashUrl`/],
    [{ PHASHVAAPI_REQUEST_TIMEOUT_SECONDS: '0' }, /`requestTimeoutSeconds`.*a positive number of seconds/],
    [{ PHASHVAAPI_CONCURRENCY: '1.5' }, /`concurrency`.*positive integer, got `1.5`/],
  ])('rejects %j', (env, pattern) => {
    expect(message(() => resolve({}, env))).toMatch(pattern);
  });

  it('rejects a wrongly typed YAML value, saying its type', () => {
    expect(message(() => resolve({}, {}, file({ ffmpegPath: ['a'] })))).toMatch(/got `\["a"\]` \(list\)/);
    expect(message(() => resolve({}, {}, file({ steps: { phash: true } })))).toMatch(/\(mapping\)/);
  });

  it('rejects idleMaxSeconds below idleMinSeconds, naming both layers', () => {
    expect(message(() => resolve({}, { PHASHVAAPI_IDLE_MIN_SECONDS: '900' }))).toBe(
      'Expected `idleMaxSeconds` (default) to be at least `idleMinSeconds` (env PHASHVAAPI_IDLE_MIN_SECONDS), got `600` < `900`',
    );
  });

  it('never echoes a secret or URL credentials in an error', () => {
    const secretError = message(() => resolve({}, {}, file({ apiKey: 123456789 })));
    expect(secretError).toMatch(/`apiKey`.*got `\*\*\*` \(number\)/);
    expect(secretError).not.toContain('123456789');
    const urlError = message(() => resolve({ stashUrl: 'http://me:hunter2@stash:9999' }));
    expect(urlError).not.toContain('hunter2');
    expect(urlError).toMatch(/, but it contains credentials/);
  });
});

describe('resolveConfig: result', () => {
  it('is frozen, lists included, and has no undefined values', () => {
    const { config, sources } = resolve({ pathMap: ['/a=/b'] });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(sources)).toBe(true);
    expect(Object.isFrozen(config.steps)).toBe(true);
    expect(Object.isFrozen(config.pathMap)).toBe(true);
    expect(Object.isFrozen(config.pathMap[0])).toBe(true);
    expect(Object.values(config).some((v) => v === undefined)).toBe(false);
  });

  it('ignores argv entries that are not options (yargs `_`, `$0`, `config`)', () => {
    const { sources } = resolve({ _: ['config'], $0: 'phashvaapi', config: 'x.yml' });
    expect(new Set(Object.values(sources))).toEqual(new Set(['default']));
  });
});
