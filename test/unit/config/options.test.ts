import { describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS, OPTION_LIST, toEnvName, toFlagName } from '../../../src/config/options.js';

describe('option table', () => {
  it('derives flag, env and YAML names from the key', () => {
    expect(CONFIG_OPTIONS.leaseTtlSeconds).toMatchObject({
      flag: 'lease-ttl-seconds',
      env: 'PHASHVAAPI_LEASE_TTL_SECONDS',
      yamlKey: 'leaseTtlSeconds',
    });
    expect(toFlagName('stashUrl')).toBe('stash-url');
    expect(toEnvName('apiKey')).toBe('PHASHVAAPI_API_KEY');
  });

  it('marks exactly the API key, session cookie and access token as secret', () => {
    expect(OPTION_LIST.filter((o) => o.secret).map((o) => o.key)).toEqual([
      'apiKey',
      'sessionCookie',
      'accessToken',
    ]);
  });

  it('has a description for every option, and every non-null default passes its own parser', () => {
    for (const option of OPTION_LIST) {
      expect(option.description, option.key).not.toBe('');
      const value = option.defaultValue();
      if (value === null || option.key === 'pathMap') continue;
      expect(option.parse(value), option.key).toEqual(value);
    }
  });
});
