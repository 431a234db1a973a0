// The real Stash schemas in ../shared/stash-schema/<version> and our schema.graphql, plus a
// checker that our schema is a faithful subset of a real one.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildSchema,
  isEnumType,
  isInputObjectType,
  isInterfaceType,
  isObjectType,
  isScalarType,
  isUnionType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import { REPO_ROOT, SHARED_DIR } from './shared.js';

export const STASH_SCHEMA_DIR = join(SHARED_DIR, 'stash-schema');
export const HAS_STASH_SCHEMAS = existsSync(join(STASH_SCHEMA_DIR, 'v0.30.1', 'schema.graphql'));
export const NO_STASH_SCHEMAS_REASON = `skipped: real Stash schemas not found at ${STASH_SCHEMA_DIR} (set PHASHVAAPI_SHARED_DIR)`;
export const OPERATIONS_DIR = join(REPO_ROOT, 'src/stash/operations');

// schema.graphql + types/*.graphql of one real Stash version, as SDL text.
export function realSchemaSource(version: string): string {
  const dir = join(STASH_SCHEMA_DIR, version);
  const types = readdirSync(join(dir, 'types'))
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(dir, 'types', f), 'utf8'));
  return [readFileSync(join(dir, 'schema.graphql'), 'utf8'), ...types].join('\n');
}

export function loadRealSchema(version: string): GraphQLSchema {
  return buildSchema(realSchemaSource(version));
}

export function ourSchemaSource(): string {
  return readFileSync(join(REPO_ROOT, 'schema.graphql'), 'utf8');
}

// Every operation document in src/stash/operations, concatenated (fragments are shared).
export function operationsSource(): string {
  return readdirSync(OPERATIONS_DIR)
    .filter((f) => f.endsWith('.graphql'))
    .sort()
    .map((f) => readFileSync(join(OPERATIONS_DIR, f), 'utf8'))
    .join('\n');
}

function kind(t: GraphQLNamedType): string {
  if (isObjectType(t)) return 'type';
  if (isInputObjectType(t)) return 'input';
  if (isEnumType(t)) return 'enum';
  if (isScalarType(t)) return 'scalar';
  if (isInterfaceType(t)) return 'interface';
  if (isUnionType(t)) return 'union';
  return 'unknown';
}

// What in `ours` does not exist in `real` with the identical type string (empty = a faithful subset).
export function schemaSubsetViolations(ours: GraphQLSchema, real: GraphQLSchema): string[] {
  const problems: string[] = [];
  for (const [name, type] of Object.entries(ours.getTypeMap())) {
    if (name.startsWith('__')) continue;
    const other = real.getType(name);
    if (!other) {
      problems.push(`${kind(type)} ${name} does not exist`);
      continue;
    }
    if (kind(type) !== kind(other)) {
      problems.push(`${name} is a ${kind(type)} here but a ${kind(other)} in Stash`);
      continue;
    }
    if (isEnumType(type) && isEnumType(other)) {
      const values = new Set(other.getValues().map((v) => v.name));
      for (const v of type.getValues())
        if (!values.has(v.name)) problems.push(`enum value ${name}.${v.name} does not exist`);
    }
    if (
      (isObjectType(type) || isInputObjectType(type)) &&
      (isObjectType(other) || isInputObjectType(other))
    ) {
      const theirs = other.getFields() as Record<
        string,
        { type: unknown; args?: readonly { name: string; type: unknown }[] }
      >;
      for (const field of Object.values(type.getFields()) as {
        name: string;
        type: unknown;
        args?: readonly { name: string; type: unknown }[];
      }[]) {
        const match = theirs[field.name];
        if (!match) {
          problems.push(`field ${name}.${field.name} does not exist`);
          continue;
        }
        if (String(field.type) !== String(match.type)) {
          problems.push(
            `field ${name}.${field.name} is ${String(field.type)} here but ${String(match.type)} in Stash`,
          );
        }
        for (const arg of field.args ?? []) {
          const theirArg = match.args?.find((a) => a.name === arg.name);
          if (!theirArg) problems.push(`argument ${name}.${field.name}(${arg.name}) does not exist`);
          else if (String(arg.type) !== String(theirArg.type)) {
            problems.push(
              `argument ${name}.${field.name}(${arg.name}) is ${String(arg.type)} here but ${String(theirArg.type)} in Stash`,
            );
          }
        }
      }
    }
  }
  return problems;
}
