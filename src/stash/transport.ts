// HTTP for the Stash client: one keep-alive undici Agent, a fetch that counts the requests it
// sends, reads the whole body inside the attempt (so a reset mid-body is a network error, not a
// parse error) and marks network failures with NetworkError.
import { Agent, Response, fetch as undiciFetch } from 'undici';

// The request never got a complete HTTP answer (refused, reset, DNS, TLS...).
export class NetworkError extends Error {
  constructor(message: string, options: { cause: unknown }) {
    super(message, options);
    this.name = 'NetworkError';
  }
}

export interface Transport {
  /** A WHATWG fetch for graphql-request. */
  fetch: typeof globalThis.fetch;
  /** HTTP requests sent so far (every attempt counts). */
  requestCount(): number;
  close(): Promise<void>;
}

export interface TransportOptions {
  /** Idle keep-alive sockets are closed after this long. @default 30000 */
  keepAliveMs?: number;
  /** Parallel sockets to Stash. @default 16 */
  connections?: number;
}

function describe(err: unknown): string {
  const cause = (err as { cause?: { code?: string; message?: string } }).cause;
  const detail = cause?.code ?? cause?.message;
  const message = err instanceof Error ? err.message : String(err);
  return detail ? `${message} (${detail})` : message;
}

// A transport with its own connection pool.
export function createTransport(options: TransportOptions = {}): Transport {
  const agent = new Agent({
    keepAliveTimeout: options.keepAliveMs ?? 30_000,
    connections: options.connections ?? 16,
  });
  let sent = 0;
  const fetch = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    sent++;
    try {
      const res = await undiciFetch(input as string | URL, { ...(init as object), dispatcher: agent });
      const body = await res.arrayBuffer();
      return new Response(body, { status: res.status, statusText: res.statusText, headers: res.headers });
    } catch (err) {
      // An abort (timeout or caller) stays as it is: the caller knows which signal fired.
      if (init?.signal?.aborted) throw err;
      throw new NetworkError(describe(err), { cause: err });
    }
  };
  return {
    fetch: fetch as unknown as typeof globalThis.fetch,
    requestCount: () => sent,
    close: () => agent.close(),
  };
}
