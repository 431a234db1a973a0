// POST /graphql the way gqlgen answers it: a parse or validation failure (or bad variables) is
// HTTP 422 with extensions.code; resolver errors are HTTP 200 with errors[] ({message, path})
// before data, and null data where the failing field sits.
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { GraphQLError, buildSchema, execute, parse, validate, type GraphQLSchema } from 'graphql';
import { rootValue } from './resolvers.js';
import type { ViewContext } from './views.js';

export const SCHEMA_PATH = resolve(dirname(fileURLToPath(import.meta.url)), '../../schema.graphql');

let cached: GraphQLSchema | null = null;

// Our schema.graphql, the one the stand-in executes.
export function loadStandinSchema(): GraphQLSchema {
  cached ??= buildSchema(readFileSync(SCHEMA_PATH, 'utf8'));
  return cached;
}

export interface GraphQLHttpResult {
  status: number;
  body: string;
  operationName: string | null;
}

interface RequestBody {
  query?: unknown;
  variables?: unknown;
  operationName?: unknown;
}

function failure(status: number, errors: readonly GraphQLError[], code: string, op: string | null) {
  const out = errors.map((e) => ({
    message: e.message,
    ...(e.locations ? { locations: e.locations } : {}),
    extensions: { code },
  }));
  return { status, body: JSON.stringify({ errors: out, data: null }), operationName: op };
}

// Runs one GraphQL request body against the state.
export async function handleGraphQL(rawBody: string, ctx: ViewContext): Promise<GraphQLHttpResult> {
  let body: RequestBody;
  try {
    body = JSON.parse(rawBody) as RequestBody;
  } catch {
    const errors = [{ message: 'json request body could not be decoded' }];
    return { status: 400, body: JSON.stringify({ errors, data: null }), operationName: null };
  }
  const operationName =
    typeof body.operationName === 'string' && body.operationName ? body.operationName : null;
  if (typeof body.query !== 'string' || body.query === '') {
    return failure(
      422,
      [new GraphQLError('no operation provided')],
      'GRAPHQL_VALIDATION_FAILED',
      operationName,
    );
  }
  let document;
  try {
    document = parse(body.query);
  } catch (err) {
    return failure(422, [err as GraphQLError], 'GRAPHQL_PARSE_FAILED', operationName);
  }
  const schema = loadStandinSchema();
  const invalid = validate(schema, document);
  if (invalid.length > 0) return failure(422, invalid, 'GRAPHQL_VALIDATION_FAILED', operationName);
  const result = await execute({
    schema,
    document,
    rootValue,
    contextValue: ctx,
    variableValues: (body.variables ?? undefined) as Record<string, unknown> | undefined,
    operationName,
  });
  if (!('data' in result) || result.data === undefined) {
    return failure(422, result.errors ?? [], 'GRAPHQL_VALIDATION_FAILED', operationName);
  }
  const errors = result.errors?.map((e) => ({ message: e.message, path: e.path }));
  const payload = errors ? { errors, data: result.data } : { data: result.data };
  return { status: 200, body: JSON.stringify(payload), operationName };
}
