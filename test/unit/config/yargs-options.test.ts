import yargs from 'yargs';
import { describe, expect, it } from 'vitest';
import { resolveConfig } from '../../../src/config/resolve.js';
import { withConfigOptions } from '../../../src/config/yargs-options.js';

const parse = (args: string[]) =>
  withConfigOptions(yargs()).strict().fail(false).exitProcess(false).parseAsync(args);

describe('withConfigOptions', () => {
  it('sets no yargs defaults: argv holds only what was typed', async () => {
    const argv = await parse([]);
    expect(Object.keys(argv).sort()).toEqual(['$0', '_']);
  });

  it('parses flags that resolveConfig then reports as flag sources', async () => {
    const argv = await parse([
      '--batch-size',
      '7',
      '--no-force',
      '--path-map',
      '/a=/b',
      '--path-map',
      '/c=/d',
      '--steps',
      'phash,cover',
      '--config',
      'x.yml',
    ]);
    const { config, sources } = resolveConfig({ argv, env: { PHASHVAAPI_FORCE: '1' }, file: null });
    expect(config).toMatchObject({ batchSize: 7, force: false, steps: ['phash', 'cover'] });
    expect(config.pathMap).toHaveLength(2);
    expect(sources).toMatchObject({
      batchSize: 'flag:--batch-size',
      force: 'flag:--force',
      pathMap: 'flag:--path-map',
    });
    expect(argv.config).toBe('x.yml');
  });

  it('passes a non-numeric number flag through as text so the error quotes it', async () => {
    const argv = await parse(['--retries', 'lots']);
    expect(() => resolveConfig({ argv, env: {}, file: null })).toThrow(
      'Expected `retries` (flag --retries) to be an integer >= 0, got `lots`',
    );
  });

  it('rejects a value-taking flag given without a value', async () => {
    await expect(async () => parse(['--stash-url'])).rejects.toThrow(/stash-url/);
  });
});
