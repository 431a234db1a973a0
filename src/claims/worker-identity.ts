// A worker's identity: unique per process, readable by a person looking at Stash's tag list.
import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';

// `<hostname>-<pid>-<6 hex>`; hostname characters Stash's LIKE treats as wildcards are replaced.
export function createWorkerId(host = hostname(), pid = process.pid): string {
  const safeHost = host.replace(/[^A-Za-z0-9.-]/g, '-').slice(0, 40) || 'host';
  return `${safeHost}-${pid}-${randomBytes(3).toString('hex')}`;
}
