// Stash's configuration → the preview settings every preview, webp and marker clip is made with.
// Every field is set to a value different from Stash's default (which the stand-in and our
// defaults share), so dropping any one of them fails here.
import { describe, expect, it } from 'vitest';
import { DEFAULT_PREVIEW_SETTINGS } from '../../../src/generators/preview-settings.js';
import { previewSettingsOf } from '../../../src/pipeline/steps/preview-settings.js';
import type { StashConfiguration } from '../../../src/stash/api.js';

const userConfig = {
  previewSegments: 7,
  previewSegmentDuration: 1.5,
  previewExcludeStart: '10%',
  previewExcludeEnd: '4',
  previewPreset: 'veryfast',
  previewAudio: false,
  transcodeInputArgs: ['-hwaccel', 'none'],
  transcodeOutputArgs: ['-threads', '2'],
} as unknown as StashConfiguration;

describe('previewSettingsOf', () => {
  it('takes every preview field from Stash', () => {
    const expected = {
      segments: 7,
      segmentDuration: 1.5,
      excludeStart: '10%',
      excludeEnd: '4',
      preset: 'veryfast',
      audio: false,
      transcodeInputArgs: ['-hwaccel', 'none'],
      transcodeOutputArgs: ['-threads', '2'],
    };
    // Every expected value differs from the default, so this cannot pass on defaults.
    for (const [key, value] of Object.entries(expected))
      expect(DEFAULT_PREVIEW_SETTINGS[key as keyof typeof expected], key).not.toEqual(value);
    expect(previewSettingsOf(userConfig)).toEqual(expected);
  });

  it("falls back to Stash's defaults for missing fields", () => {
    const empty = Object.fromEntries(
      Object.keys(userConfig).map((k) => [k, null]),
    ) as unknown as StashConfiguration;
    expect(previewSettingsOf(empty)).toEqual(DEFAULT_PREVIEW_SETTINGS);
  });
});
