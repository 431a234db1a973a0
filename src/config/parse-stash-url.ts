// Stash's address as users paste it (`http://host:9999/`, `.../graphql`) → the base URL
// without `/graphql` or a trailing slash; the GraphQL client appends `/graphql` itself.
import { InvalidValueError } from './parse-value.js';

const EXPECTED = 'an http(s) URL such as `http://localhost:9999`';

// Validates and normalises a Stash URL; a path prefix (a reverse proxy's /stash) is kept.
export function parseStashUrl(raw: unknown): string {
  if (typeof raw !== 'string') throw new InvalidValueError(EXPECTED, raw);
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new InvalidValueError(EXPECTED, raw);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new InvalidValueError(EXPECTED, raw);
  if (url.username || url.password) {
    // The detail replaces the value in the message, so the credentials are not echoed back.
    throw new InvalidValueError(EXPECTED, null, 'it contains credentials (the API key goes in `apiKey`)');
  }
  if (url.search || url.hash) throw new InvalidValueError(EXPECTED, raw, 'it has a query or fragment');
  const path = url.pathname
    .replace(/\/+$/, '')
    .replace(/\/graphql$/i, '')
    .replace(/\/+$/, '');
  return `${url.origin}${path}`;
}
