// The service must stay on this machine unless the user says otherwise: the default address and
// the `:port` shorthand both mean loopback, and anything else is taken literally.
import { describe, expect, it } from 'vitest';
import { isLoopbackHost, parseListen, splitListen } from '../../../src/config/parse-listen.js';
import { resolveConfig } from '../../../src/config/resolve.js';

const listenOf = (argv: Record<string, unknown>) =>
  resolveConfig({ argv, env: {}, file: null }).config.listen;

describe('the listen address', () => {
  it('defaults to loopback', () => {
    const { host, port } = splitListen(listenOf({}));
    expect(
      isLoopbackHost(host),
      `the default listen address ${listenOf({})} is reachable from other machines`,
    ).toBe(true);
    expect(port).toBe(9971);
  });

  it('reads `:port` as loopback, never as all interfaces', () => {
    const listen = listenOf({ listen: ':8123' });
    expect(listen).toBe('127.0.0.1:8123');
    expect(isLoopbackHost(splitListen(listen).host), '`:port` was read as all interfaces').toBe(true);
  });

  it('keeps an explicit address as written', () => {
    expect(parseListen('0.0.0.0:9971')).toBe('0.0.0.0:9971');
    expect(isLoopbackHost('0.0.0.0')).toBe(false);
    expect(parseListen('[::1]:9971')).toBe('[::1]:9971');
    expect(isLoopbackHost('::1')).toBe(true);
    expect(isLoopbackHost('192.168.1.5')).toBe(false);
  });
});
