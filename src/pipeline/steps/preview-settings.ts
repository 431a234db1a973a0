// Stash's preview settings (configuration.general) as the preview generator takes them.
import {
  PREVIEW_PRESETS,
  resolvePreviewSettings,
  type PreviewPreset,
  type ResolvedPreviewSettings,
} from '../../generators/preview-settings.js';
import type { StashConfiguration } from '../../stash/api.js';

// The user's preview settings; Stash's defaults where it reports none.
export function previewSettingsOf(stash: StashConfiguration): ResolvedPreviewSettings {
  const preset = String(stash.previewPreset ?? '').toLowerCase();
  return resolvePreviewSettings({
    segments: stash.previewSegments ?? undefined,
    segmentDuration: stash.previewSegmentDuration ?? undefined,
    excludeStart: stash.previewExcludeStart ?? undefined,
    excludeEnd: stash.previewExcludeEnd ?? undefined,
    preset: (PREVIEW_PRESETS as readonly string[]).includes(preset) ? (preset as PreviewPreset) : undefined,
    audio: stash.previewAudio ?? undefined,
    transcodeInputArgs: stash.transcodeInputArgs ?? undefined,
    transcodeOutputArgs: stash.transcodeOutputArgs ?? undefined,
  });
}
