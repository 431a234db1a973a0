import { describe, expect, it } from 'vitest';
import { CONFIG_OPTIONS } from '../../../src/config/options.js';

describe('--check-frames', () => {
  const option = CONFIG_OPTIONS.checkFrames;

  it('is a flag, an environment variable and a YAML key, default 1', () => {
    expect([option.flag, option.env, option.yamlKey]).toEqual([
      'check-frames',
      'PHASHVAAPI_CHECK_FRAMES',
      'checkFrames',
    ]);
    expect(option.defaultValue()).toBe(1);
  });

  it('takes a count >= 0 (text from flags and env, numbers from YAML) or `all`', () => {
    expect(option.parse('3')).toBe(3);
    expect(option.parse(0)).toBe(0);
    expect(option.parse('all')).toBe('all');
    for (const bad of ['-1', '1.5', 'some', ''])
      expect(() => option.parse(bad)).toThrow('an integer >= 0 or `all`');
  });
});
