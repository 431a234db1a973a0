// The access token check. With a token configured every route but /healthz needs it: as
// `Authorization: Bearer <token>`, or, for pages a browser GETs, the cookie the status page sets
// after one visit with `?token=`. Cookies never authorise a POST (no cross-site requests).
import { createHash, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

export const TOKEN_COOKIE = 'phashvaapi_token';

const digest = (s: string): Buffer => createHash('sha256').update(s).digest();

// Constant-time comparison of a presented token with the configured one.
export function tokenMatches(presented: string | null, token: string): boolean {
  return presented !== null && timingSafeEqual(digest(presented), digest(token));
}

function bearer(req: IncomingMessage): string | null {
  const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
  return m ? m[1]!.trim() : null;
}

// The value of one cookie of the request, or null.
export function readCookie(req: IncomingMessage, name: string): string | null {
  for (const part of (req.headers.cookie ?? '').split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === name) return decodeURIComponent(v.join('='));
  }
  return null;
}

// True when the request may proceed (always, when no token is configured).
export function isAuthorised(req: IncomingMessage, token: string | null): boolean {
  if (token === null) return true;
  if (tokenMatches(bearer(req), token)) return true;
  return req.method === 'GET' && tokenMatches(readCookie(req, TOKEN_COOKIE), token);
}
