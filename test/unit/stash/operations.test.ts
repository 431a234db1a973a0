import { Kind, buildSchema, parse, validate, type OperationDefinitionNode } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  HAS_STASH_SCHEMAS,
  NO_STASH_SCHEMAS_REASON,
  loadRealSchema,
  operationsSource,
  ourSchemaSource,
} from '../../helpers/stash-schemas.js';

const document = parse(operationsSource());
const operations = document.definitions.filter(
  (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
);

const EXPECTED = [
  'CountScenesNeedingWork',
  'FindScenesNeedingWork',
  'FindScenesByIds',
  'FindScene',
  'FindTagsByName',
  'CreateTag',
  'UpdateTagDescription',
  'DestroyTag',
  'AddSceneTags',
  'RemoveSceneTags',
  'SetFilePhash',
  'SetSceneCover',
  'GetConfiguration',
  'GetVersion',
  'IntrospectStashCapabilities',
  'FindScenesByOshash',
  'GetPluginSettings',
  'FindScenesInRandomOrder',
  'FindHashedScenesInRandomOrder',
  'GetStashFfmpegPaths',
  'FindWorkScenesByIds',
  'FindSceneIdsMatching',
];

describe('operation documents', () => {
  it('are all named <Verb><Noun> and include every operation the client needs', () => {
    const names = operations.map((o) => o.name?.value ?? '');
    expect(
      names.every((n) =>
        /^(Count|Find|Create|Update|Destroy|Add|Remove|Set|Get|Introspect)[A-Z]\w+$/.test(n),
      ),
    ).toBe(true);
    expect([...names].sort()).toEqual([...EXPECTED].sort());
  });

  it('validate against our schema.graphql', () => {
    expect(validate(buildSchema(ourSchemaSource()), document).map((e) => e.message)).toEqual([]);
  });

  const why = HAS_STASH_SCHEMAS ? '' : ` (${NO_STASH_SCHEMAS_REASON})`;
  describe.skipIf(!HAS_STASH_SCHEMAS)(`validate against real Stash schemas${why}`, () => {
    // GetStashFfmpegPaths needs v0.26.0; getStashFfmpegPaths() answers null on an older Stash.
    const OLDER = ['ffmpegPath', 'ffprobePath'].map(
      (f) => new RegExp(`^Cannot query field "${f}" on type "SystemStatus"\\.`),
    );
    it.each([
      ['v0.30.1', []],
      ['v0.24.3', OLDER],
    ])('Stash %s', (version, expected) => {
      const messages = validate(loadRealSchema(version), document).map((e) => e.message);
      expect(messages).toHaveLength(expected.length);
      expected.forEach((pattern, i) => expect(messages[i]).toMatch(pattern));
    });

    it('would catch a field a real schema lacks', () => {
      const broken = parse('query FindMarkerEnd { findScene(id: "1") { scene_markers { end_seconds } } }');
      expect(validate(loadRealSchema('v0.24.3'), broken)).not.toHaveLength(0);
      expect(validate(loadRealSchema('v0.30.1'), broken)).toHaveLength(0);
    });
  });
});
