// The plugin's settings (manifest `settings`, saved in Stash under Settings → Plugins), read with
// the plugin's own session. Stash returns nothing for settings never saved: defaults apply.
import type { StashClient } from '../../src/stash/client.js';
import { GetPluginSettingsDocument } from '../../src/stash/generated/graphql.js';

export const PLUGIN_ID = 'phashvaapi';

export interface PluginSettings {
  serviceUrl: string | null;
  accessToken: string | null;
  batchSize: number | null;
  steps: string | null;
  hashNewScenes: boolean;
  verifySample: number | null;
}

const text = (v: unknown): string | null => (typeof v === 'string' && v.trim() !== '' ? v.trim() : null);
const count = (v: unknown): number | null =>
  typeof v === 'number' && Number.isInteger(v) && v > 0 ? v : null;

// Normalises the saved map (wrong types and empty strings count as unset).
export function parsePluginSettings(raw: Record<string, unknown> | undefined): PluginSettings {
  const s = raw ?? {};
  return {
    serviceUrl: text(s.serviceUrl)?.replace(/\/+$/, '') ?? null,
    accessToken: text(s.accessToken),
    batchSize: count(s.batchSize),
    steps: text(s.steps),
    hashNewScenes: s.hashNewScenes === true,
    verifySample: count(s.verifySample),
  };
}

// Reads and normalises the settings.
export async function readPluginSettings(client: StashClient): Promise<PluginSettings> {
  const data = await client.request(GetPluginSettingsDocument);
  return parsePluginSettings(data.configuration.plugins[PLUGIN_ID]);
}

// The settings that become config flags in direct mode (they override env and file).
export function settingsAsFlags(s: PluginSettings): Record<string, unknown> {
  return {
    ...(s.batchSize ? { batchSize: String(s.batchSize) } : {}),
    ...(s.steps ? { steps: s.steps } : {}),
  };
}
