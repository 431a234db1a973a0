import { buildSchema, executeSync } from 'graphql';
import { describe, expect, it } from 'vitest';
import { formatPhash } from '../../../src/phash/phash-hex.js';
import { buildNeedingWorkFilter } from '../../../src/stash/api.js';
import { backoffDelay } from '../../../src/stash/backoff.js';
import { resolveStashClientOptions } from '../../../src/stash/client.js';
import { describeIncompatibility, missingRequirements } from '../../../src/stash/compatibility.js';
import { StashApiError, isTagNameTakenError } from '../../../src/stash/errors.js';
import {
  IntrospectStashCapabilitiesDocument,
  type IntrospectStashCapabilitiesQuery,
} from '../../../src/stash/generated/graphql.js';
import { silentLogger } from '../../../src/observability/logger.js';
import { HAS_STASH_SCHEMAS, realSchemaSource } from '../../helpers/stash-schemas.js';

describe('backoffDelay', () => {
  it('grows exponentially, jitters within [d/2, d] and is capped', () => {
    const opts = { baseMs: 100, maxMs: 1000 };
    expect([0, 1, 2, 3, 10].map((a) => backoffDelay(a, opts, () => 1))).toEqual([100, 200, 400, 800, 1000]);
    expect([0, 1, 2].map((a) => backoffDelay(a, opts, () => 0))).toEqual([50, 100, 200]);
  });
});

describe('resolveStashClientOptions', () => {
  it('applies defaults and names bad options', () => {
    const o = resolveStashClientOptions({ url: 'http://127.0.0.1:9999/graphql', logger: silentLogger });
    expect([o.timeoutMs, o.retries, o.apiKey]).toEqual([30_000, 3, null]);
    expect(() => resolveStashClientOptions({ url: 'nope', logger: silentLogger })).toThrow(
      'Expected the `url` option to be an http(s) URL, got `nope` (string)',
    );
    expect(() =>
      resolveStashClientOptions({ url: 'http://x/graphql', retries: -1, logger: silentLogger }),
    ).toThrow('Expected the `retries` option to be a non-negative integer, got `-1` (number)');
  });
});

describe('api helpers', () => {
  it('builds the needing-work filter', () => {
    expect(
      buildNeedingWorkFilter({ missing: 'phash', excludeTagIds: ['3', '9'], pathIncludes: '/media/a b' }),
    ).toEqual({
      is_missing: 'phash',
      tags: { value: ['3', '9'], modifier: 'EXCLUDES' },
      path: { value: '"/media/a b"', modifier: 'INCLUDES' },
    });
    expect(buildNeedingWorkFilter({ missing: 'cover', excludeTagIds: [] })).toEqual({ is_missing: 'cover' });
  });

  it("formats a phash as Stash's unsigned, unpadded lowercase hex", () => {
    expect(formatPhash(0x0f00n)).toBe('f00');
    expect(formatPhash(-1n)).toBe('ffffffffffffffff');
    expect(formatPhash(0x8000000000000000n)).toBe('8000000000000000');
  });

  it('recognises tag-name-taken errors', () => {
    const err = (message: string) =>
      new StashApiError('x', {
        operation: 'CreateTag',
        status: 200,
        graphQLErrors: [{ message }],
        retryable: false,
      });
    expect(isTagNameTakenError(err("tag with name 'A b' already exists"))).toBe(true);
    expect(isTagNameTakenError(err("name 'a' is used as alias for 'B'"))).toBe(true);
    expect(isTagNameTakenError(err('tag name must not be blank'))).toBe(false);
  });
});

describe.skipIf(!HAS_STASH_SCHEMAS)('compatibility against real schemas', () => {
  const capabilities = (sdl: string) =>
    executeSync({ schema: buildSchema(sdl), document: IntrospectStashCapabilitiesDocument })
      .data as IntrospectStashCapabilitiesQuery;

  it('accepts v0.30.1 and v0.24.3', () => {
    expect(missingRequirements(capabilities(realSchemaSource('v0.30.1')))).toEqual([]);
    expect(missingRequirements(capabilities(realSchemaSource('v0.24.3')))).toEqual([]);
  });

  it('says exactly what an older Stash lacks', () => {
    const older = realSchemaSource('v0.24.3').replace(
      /\n\s*fileSetFingerprints\(input: FileSetFingerprintsInput!\): Boolean!/,
      '',
    );
    const missing = missingRequirements(capabilities(older));
    expect(missing.map((m) => m.name)).toEqual(['Mutation.fileSetFingerprints']);
    expect(describeIncompatibility('v0.20.0', missing)).toBe(
      'Stash v0.20.0 lacks Mutation.fileSetFingerprints (added in v0.24.0); upgrade Stash',
    );
  });
});
