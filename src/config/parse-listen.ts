// The service's listen address as users write it (`127.0.0.1:9971`, `0.0.0.0:9971`,
// `[::1]:9971`, `:9971`) → `host:port` with IPv6 hosts in brackets; `:port` means 127.0.0.1.
import { isIP } from 'node:net';
import { InvalidValueError } from './parse-value.js';

const EXPECTED = 'host:port such as `127.0.0.1:9971`';

export interface ListenAddress {
  host: string;
  port: number;
}

// Splits a normalised listen string into host (without brackets) and port.
export function splitListen(listen: string): ListenAddress {
  const match = /^(?:\[([^\]]+)\]|([^:]*)):(\d+)$/.exec(listen.trim());
  if (!match) throw new InvalidValueError(EXPECTED, listen);
  const host = match[1] ?? (match[2] || '127.0.0.1');
  const port = Number(match[3]);
  if (!Number.isInteger(port) || port > 65535)
    throw new InvalidValueError(EXPECTED, listen, `port ${match[3]} is out of range`);
  return { host, port };
}

// Validates and normalises a listen address.
export function parseListen(raw: unknown): string {
  if (typeof raw !== 'string') throw new InvalidValueError(EXPECTED, raw);
  const { host, port } = splitListen(raw);
  return isIP(host) === 6 ? `[${host}]:${port}` : `${host}:${port}`;
}

// True for addresses only this machine can reach (127.0.0.0/8, ::1, localhost).
export function isLoopbackHost(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}
