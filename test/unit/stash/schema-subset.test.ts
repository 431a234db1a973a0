import { buildSchema } from 'graphql';
import { describe, expect, it } from 'vitest';
import {
  HAS_STASH_SCHEMAS,
  NO_STASH_SCHEMAS_REASON,
  loadRealSchema,
  ourSchemaSource,
  schemaSubsetViolations,
} from '../../helpers/stash-schemas.js';

const why = HAS_STASH_SCHEMAS ? '' : ` (${NO_STASH_SCHEMAS_REASON})`;

describe.skipIf(!HAS_STASH_SCHEMAS)(`schema.graphql is a faithful subset of Stash v0.30.1${why}`, () => {
  const real = HAS_STASH_SCHEMAS ? loadRealSchema('v0.30.1') : null!;

  it('names the Stash version it was checked against', () => {
    expect(ourSchemaSource().split('\n').slice(0, 5).join('\n')).toMatch(/v0\.30\.1/);
  });

  it('declares only types, fields, arguments and enum values that exist with identical types', () => {
    expect(schemaSubsetViolations(buildSchema(ourSchemaSource()), real)).toEqual([]);
  });

  it.each([
    [
      'a wrong field type',
      ['size: Int64!', 'size: Int!'],
      'field VideoFile.size is Int! here but Int64! in Stash',
    ],
    [
      'a wrong nullability',
      ['title: String\n', 'title: String!\n'],
      'field Scene.title is String! here but String in Stash',
    ],
    [
      'a wrong argument type',
      ['findScene(id: ID)', 'findScene(id: ID!)'],
      'argument Query.findScene(id) is ID! here but ID in Stash',
    ],
    [
      'an unknown field',
      ['  basename: String!\n', '  basename: String!\n  phash: String\n'],
      'field VideoFile.phash does not exist',
    ],
    [
      'an unknown argument',
      ['findTags(tag_filter', 'findTags(scene_filter: SceneFilterType, tag_filter'],
      'argument Query.findTags(scene_filter) does not exist',
    ],
    [
      'an unknown enum value',
      ['  REMOVE\n', '  REMOVE\n  TOGGLE\n'],
      'enum value BulkUpdateIdMode.TOGGLE does not exist',
    ],
    [
      'an unknown type',
      ['scalar Int64\n', 'scalar Int64\nscalar Upload2\n'],
      'scalar Upload2 does not exist',
    ],
    [
      'a wrong input field type',
      ['  per_page: Int\n', '  per_page: Int!\n'],
      'field FindFilterType.per_page is Int! here but Int in Stash',
    ],
  ])('the checker catches %s', (_what, [from, to], problem) => {
    const source = ourSchemaSource();
    expect(source).toContain(from);
    const broken = buildSchema(source.replace(from!, to!));
    expect(schemaSubsetViolations(broken, real)).toContain(problem);
  });
});
