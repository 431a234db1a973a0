// The configuration as it may be shown: secret values replaced by "***".
import { OPTION_LIST } from './options.js';
import type { Config, ConfigKey } from './types.js';

export const REDACTED = '***';

// A copy of the config with every set secret replaced by "***" (unset secrets stay null).
export function redactConfig(config: Readonly<Config>): Record<ConfigKey, unknown> {
  const shown: Record<string, unknown> = {};
  for (const option of OPTION_LIST) {
    const value = config[option.key];
    shown[option.key] = option.secret && value !== null ? REDACTED : value;
  }
  return shown as Record<ConfigKey, unknown>;
}
