// Errors from talking to Stash. Every one carries the operation, the HTTP status (null when no
// answer came), Stash's GraphQL errors and whether trying again later can help.
import { PhashVaapiError } from '../errors.js';

/** One entry of a GraphQL response's errors[]. */
export interface StashGraphQLError {
  message: string;
  path?: readonly (string | number)[];
  extensions?: { code?: string; [key: string]: unknown };
}

export interface StashApiErrorFields {
  operation: string;
  status: number | null;
  graphQLErrors?: readonly StashGraphQLError[];
  retryable: boolean;
  cause?: unknown;
}

// Stash answered with an error: validation (HTTP 422), a resolver error (HTTP 200 + errors[]), 5xx.
export class StashApiError extends PhashVaapiError {
  readonly operation: string;
  readonly status: number | null;
  readonly graphQLErrors: readonly StashGraphQLError[];
  readonly retryable: boolean;

  constructor(message: string, fields: StashApiErrorFields) {
    super(message, { cause: fields.cause });
    this.operation = fields.operation;
    this.status = fields.status;
    this.graphQLErrors = fields.graphQLErrors ?? [];
    this.retryable = fields.retryable;
  }
}

// Stash refused our credentials (HTTP 401/403). The message never contains the key or cookie.
export class StashAuthError extends StashApiError {
  constructor(operation: string, status: number, credential: 'API key' | 'session' | 'none', url: string) {
    const what =
      credential === 'none'
        ? `Stash at ${url} requires authentication and no API key or session was configured (HTTP ${status})`
        : `Stash refused the ${credential} (HTTP ${status}) at ${url}; check the ${credential} configured for Stash`;
    super(what, { operation, status, retryable: false });
  }
}

// No usable answer from Stash (connection refused or reset, timeouts) after every retry.
export class StashUnreachableError extends StashApiError {
  readonly url: string;
  readonly attempts: number;

  constructor(fields: { operation: string; url: string; attempts: number; reason: string; cause?: unknown }) {
    super(
      `Stash at ${fields.url} is unreachable (${fields.operation}, ${fields.attempts} attempts): ${fields.reason}`,
      {
        operation: fields.operation,
        status: null,
        retryable: true,
        cause: fields.cause,
      },
    );
    this.url = fields.url;
    this.attempts = fields.attempts;
  }
}

// The Stash server lacks something phashvaapi needs; the message says what and which version added it.
export class StashIncompatibleError extends PhashVaapiError {
  readonly missing: readonly string[];
  constructor(message: string, missing: readonly string[]) {
    super(message);
    this.missing = missing;
  }
}

// True when Stash rejected a tag name because it is taken (pkg/tag/update.go NameExistsError /
// NameUsedByAliasError). Stash gives no error code, so its message is the only signal.
export function isTagNameTakenError(err: unknown): boolean {
  return (
    err instanceof StashApiError &&
    err.graphQLErrors.some((e) =>
      /^tag with name '.*' already exists$|^name '.*' is used as alias for '.*'$/s.test(e.message),
    )
  );
}
