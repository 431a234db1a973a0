import { describe, expect, it } from 'vitest';
import { buildSpriteVtt, formatVttTime } from '../../../src/generators/vtt.js';

describe('formatVttTime (Go GetVTTTime)', () => {
  it.each([
    [0, '00:00:00.000'],
    [7.4, '00:00:07.400'],
    [59.9999, '00:00:59.999'],
    [61.5, '00:01:01.500'],
    [3599.9999, '00:59:59.999'],
    [3600, '01:00:00.000'],
    [0.0019999, '00:00:00.001'], // truncation, not rounding
    [0.0009999, '00:00:00.000'],
    [90000, '25:00:00.000'], // hours are not capped at 24
    [360000.5, '100:00:00.500'],
  ])('%s s → %s', (s, text) => expect(formatVttTime(s)).toBe(text));

  it('prints zero for negative, NaN and infinite values', () => {
    for (const s of [-0.001, -5, NaN, Infinity, -Infinity]) expect(formatVttTime(s)).toBe('00:00:00.000');
  });

  it('truncates the float product like Go int(s*1000)', () => {
    // 1.005 * 1000 = 1004.9999999999999 in float64
    expect(formatVttTime(1.005)).toBe('00:00:01.004');
  });
});

describe('buildSpriteVtt', () => {
  const vtt = buildSpriteVtt({
    spriteFileName: 'abc_sprite.jpg',
    tileWidth: 160,
    tileHeight: 90,
    stepSeconds: 7.4,
  });

  it('starts with the header and ends with exactly one newline, LF only', () => {
    expect(
      vtt.startsWith('WEBVTT\n\n00:00:00.000 --> 00:00:07.400\nabc_sprite.jpg#xywh=0,0,160,90\n\n'),
    ).toBe(true);
    expect(vtt.endsWith('#xywh=1280,720,160,90\n')).toBe(true);
    expect(vtt.endsWith('\n\n')).toBe(false);
    expect(vtt.includes('\r')).toBe(false);
  });

  it('has 81 cues in a 9-column grid, each matching the UI regex', () => {
    const cues = vtt.split('\n\n').slice(1);
    expect(cues).toHaveLength(81);
    const ui = /^([^#]*)#xywh=(\d+),(\d+),(\d+),(\d+)$/i;
    cues.forEach((cue) => expect(cue.trimEnd().split('\n')[1]).toMatch(ui));
    expect(cues[9]).toBe('00:01:06.600 --> 00:01:14.000\nabc_sprite.jpg#xywh=0,90,160,90');
    expect(cues[80]).toContain('abc_sprite.jpg#xywh=1280,720,160,90');
  });

  it('multiplies (not accumulates) the step', () => {
    const text = buildSpriteVtt({
      spriteFileName: 's.jpg',
      tileWidth: 1,
      tileHeight: 1,
      stepSeconds: 0.1,
      count: 4,
      columns: 2,
    });
    expect(text).toBe(
      'WEBVTT\n\n' +
        '00:00:00.000 --> 00:00:00.100\ns.jpg#xywh=0,0,1,1\n\n' +
        '00:00:00.100 --> 00:00:00.200\ns.jpg#xywh=1,0,1,1\n\n' +
        '00:00:00.200 --> 00:00:00.300\ns.jpg#xywh=0,1,1,1\n\n' +
        '00:00:00.300 --> 00:00:00.400\ns.jpg#xywh=1,1,1,1\n',
    );
  });
});
