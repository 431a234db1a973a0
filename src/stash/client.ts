// Typed GraphQL client for Stash: graphql-request over a keep-alive undici Agent, per-request
// timeout, retries with exponential backoff + jitter on network errors, timeouts and HTTP 5xx, and
// never on GraphQL validation (422), resolver errors or 401/403. Credentials go in `ApiKey` or
// `Cookie: session=` headers and are registered with redact() so no log line shows them.
import type { TypedDocumentNode } from '@graphql-typed-document-node/core';
import { Kind, type DocumentNode } from 'graphql';
import { ClientError, GraphQLClient } from 'graphql-request';
import { setTimeout as sleep } from 'node:timers/promises';
import { redact, type Logger } from '../observability/logger.js';
import { scenesUpdatedBy } from './scene-updates.js';
import { DEFAULT_BACKOFF, backoffDelay, type BackoffOptions } from './backoff.js';
import { StashApiError, StashAuthError, StashUnreachableError, type StashGraphQLError } from './errors.js';
import { NetworkError, createTransport, type Transport } from './transport.js';

export interface StashClientOptions {
  /** Stash's GraphQL endpoint, e.g. http://127.0.0.1:9999/graphql */
  url: string;
  /** Stash's API key (Settings → Security), sent as the `ApiKey` header. */
  apiKey?: string | null;
  /** A Stash `session` cookie value (what a plugin receives in server_connection). */
  sessionCookie?: string | null;
  /** Per attempt. @default 30000 */
  timeoutMs?: number;
  /** Retries after the first attempt. @default 3 */
  retries?: number;
  backoff?: Partial<BackoffOptions>;
  logger: Logger;
  /** Cancels every request made by this client. */
  signal?: AbortSignal;
  /** Jitter source (tests). @default Math.random */
  random?: () => number;
}

export interface ResolvedStashClientOptions {
  url: string;
  apiKey: string | null;
  sessionCookie: string | null;
  timeoutMs: number;
  retries: number;
  backoff: BackoffOptions;
  logger: Logger;
  signal: AbortSignal | null;
  random: () => number;
}

type Variables = Record<string, unknown>;
type VariablesArg<V> = V extends Record<string, never> ? [variables?: V] : [variables: V];

export interface StashClient {
  readonly url: string;
  /** Sends one operation; resolves to its data or throws a StashApiError subclass. */
  request<R, V extends Variables>(
    document: TypedDocumentNode<R, V>,
    ...variables: VariablesArg<V>
  ): Promise<R>;
  /** HTTP requests sent so far, retries included. */
  requestCount(): number;
  /** Scenes updated so far by successful operations (each runs users' scene hooks). */
  sceneUpdateCount(): number;
  close(): Promise<void>;
}

function expect(ok: boolean, option: string, what: string, value: unknown): void {
  if (!ok)
    throw new TypeError(
      `Expected the \`${option}\` option to be ${what}, got \`${String(value)}\` (${typeof value})`,
    );
}

// Applies defaults and validates; throws TypeErrors naming the option.
export function resolveStashClientOptions(options: StashClientOptions): ResolvedStashClientOptions {
  const protocol = URL.canParse(options.url) ? new URL(options.url).protocol : null;
  expect(protocol === 'http:' || protocol === 'https:', 'url', 'an http(s) URL', options.url);
  const timeoutMs = options.timeoutMs ?? 30_000;
  expect(Number.isFinite(timeoutMs) && timeoutMs > 0, 'timeoutMs', 'a positive number', timeoutMs);
  const retries = options.retries ?? 3;
  expect(Number.isInteger(retries) && retries >= 0, 'retries', 'a non-negative integer', retries);
  return {
    url: options.url,
    apiKey: options.apiKey || null,
    sessionCookie: options.sessionCookie || null,
    timeoutMs,
    retries,
    backoff: { ...DEFAULT_BACKOFF, ...options.backoff },
    logger: options.logger,
    signal: options.signal ?? null,
    random: options.random ?? Math.random,
  };
}

// The operation's name (for errors and logs), or "anonymous".
export function operationName(document: DocumentNode): string {
  for (const def of document.definitions) {
    if (def.kind === Kind.OPERATION_DEFINITION) return def.name?.value ?? 'anonymous';
  }
  return 'anonymous';
}

/** Why one attempt failed, and whether another attempt may succeed. */
interface Failure {
  error: StashApiError | null;
  reason: string;
  retryable: boolean;
}

function classify(
  err: unknown,
  operation: string,
  o: ResolvedStashClientOptions,
  timedOut: boolean,
): Failure {
  if (timedOut) return { error: null, reason: `no answer within ${o.timeoutMs} ms`, retryable: true };
  if (err instanceof NetworkError) return { error: null, reason: err.message, retryable: true };
  if (err instanceof ClientError) {
    const status = err.response.status;
    const graphQLErrors = (err.response.errors ?? []) as readonly StashGraphQLError[];
    if (status === 401 || status === 403) {
      const credential = o.apiKey ? 'API key' : o.sessionCookie ? 'session' : 'none';
      return {
        error: new StashAuthError(operation, status, credential, o.url),
        reason: '',
        retryable: false,
      };
    }
    const retryable = status >= 500;
    const detail = graphQLErrors.map((e) => e.message).join('; ') || `HTTP ${status}`;
    const message = `Stash ${operation} failed (HTTP ${status}): ${detail}`;
    const error = new StashApiError(message, { operation, status, graphQLErrors, retryable, cause: err });
    return { error, reason: `HTTP ${status}`, retryable };
  }
  const message = `Stash ${operation} failed: ${err instanceof Error ? err.message : String(err)}`;
  return {
    error: new StashApiError(message, { operation, status: null, retryable: false, cause: err }),
    reason: '',
    retryable: false,
  };
}

// A client for one Stash server.
export function createStashClient(
  options: StashClientOptions,
  transport: Transport = createTransport(),
): StashClient {
  const o = resolveStashClientOptions(options);
  redact(o.apiKey);
  redact(o.sessionCookie);
  const headers: Record<string, string> = {};
  if (o.apiKey) headers.ApiKey = o.apiKey;
  if (o.sessionCookie) headers.Cookie = `session=${o.sessionCookie}`;
  const gql = new GraphQLClient(o.url, { fetch: transport.fetch, headers });
  const log = o.logger.child({ stash: o.url });
  let sceneUpdates = 0;

  async function request<R, V extends Variables>(
    document: TypedDocumentNode<R, V>,
    variables?: V,
  ): Promise<R> {
    const operation = operationName(document);
    for (let attempt = 0; ; attempt++) {
      o.signal?.throwIfAborted();
      const timeout = AbortSignal.timeout(o.timeoutMs);
      const signal = o.signal ? AbortSignal.any([o.signal, timeout]) : timeout;
      try {
        const data = await gql.request<R, V>({ document, variables, signal } as unknown as Parameters<
          typeof gql.request<R, V>
        >[0]);
        sceneUpdates += scenesUpdatedBy(operation, variables);
        return data;
      } catch (err) {
        o.signal?.throwIfAborted();
        const failure = classify(err, operation, o, timeout.aborted);
        if (!failure.retryable || attempt >= o.retries) {
          if (failure.error) throw failure.error;
          throw new StashUnreachableError({
            operation,
            url: o.url,
            attempts: attempt + 1,
            reason: failure.reason,
            cause: err,
          });
        }
        const delayMs = backoffDelay(attempt, o.backoff, o.random);
        log.warn('Stash request failed; retrying', {
          operation,
          attempt: attempt + 1,
          delayMs,
          reason: failure.reason,
        });
        // An abort during the wait rejects with the caller's reason, as an abort during a request does.
        await sleep(delayMs, undefined, o.signal ? { signal: o.signal } : {}).catch((err: unknown) => {
          o.signal?.throwIfAborted();
          throw err;
        });
      }
    }
  }

  return {
    url: o.url,
    request: <R, V extends Variables>(document: TypedDocumentNode<R, V>, ...variables: VariablesArg<V>) =>
      request(document, variables[0] as V | undefined),
    requestCount: () => transport.requestCount(),
    sceneUpdateCount: () => sceneUpdates,
    close: () => transport.close(),
  };
}
