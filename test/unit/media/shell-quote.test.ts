import { describe, expect, it } from 'vitest';
import { quoteArg, toShell } from '../../../src/media/shell-quote.js';

describe('toShell', () => {
  it('leaves plain arguments bare and quotes the rest', () => {
    expect(toShell('ffmpeg', ['-ss', '1.5', '-i', '/v/a b.mp4', '-vf', 'scale=160:-2', '-'])).toBe(
      "ffmpeg -ss 1.5 -i '/v/a b.mp4' -vf scale=160:-2 -",
    );
  });

  it('escapes single quotes and empty strings', () => {
    expect(quoteArg("it's")).toBe(`'it'\\''s'`);
    expect(quoteArg('')).toBe("''");
    expect(quoteArg('select=eq(n\\,3)')).toBe(`'select=eq(n\\,3)'`);
    expect(quoteArg('$HOME;rm')).toBe(`'$HOME;rm'`);
  });
});
