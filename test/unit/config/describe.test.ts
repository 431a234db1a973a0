import { describe, expect, it } from 'vitest';
import { describeConfig, formatConfigTable } from '../../../src/config/describe.js';
import { redactConfig } from '../../../src/config/redact.js';
import { resolveConfig } from '../../../src/config/resolve.js';

const SECRET = 'sk-very-secret-123';

describe('describeConfig / redactConfig', () => {
  const { config, sources } = resolveConfig({
    argv: { pathMap: ['/a=/b', '/a/c=/d'], steps: 'phash,cover' },
    env: { PHASHVAAPI_API_KEY: SECRET },
    file: null,
  });

  it('shows a set secret as *** and an unset one as (unset), with sources', () => {
    const rows = describeConfig(config, sources);
    expect(rows.find((r) => r.key === 'apiKey')).toEqual({
      key: 'apiKey',
      value: '***',
      source: 'env:PHASHVAAPI_API_KEY',
    });
    expect(rows.find((r) => r.key === 'sessionCookie')).toEqual({
      key: 'sessionCookie',
      value: '(unset)',
      source: 'default',
    });
    expect(rows.find((r) => r.key === 'pathMap')?.value).toBe('/a/c=/d,/a=/b');
    expect(rows.find((r) => r.key === 'steps')?.value).toBe('phash,cover');
    expect(rows.map((r) => r.key)).toHaveLength(Object.keys(config).length);
  });

  it('never puts the secret in the table or the JSON form', () => {
    const table = formatConfigTable(describeConfig(config, sources));
    expect(table).not.toContain(SECRET);
    expect(table.split('\n')[0]).toMatch(/^OPTION +VALUE +SOURCE$/);
    expect(table).toMatch(/^batchSize +20 +default$/m);
    const json = JSON.stringify(redactConfig(config));
    expect(json).not.toContain(SECRET);
    expect(redactConfig(config)).toMatchObject({ apiKey: '***', sessionCookie: null, batchSize: 20 });
  });
});
