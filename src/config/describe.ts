// `phashvaapi config`'s view of the configuration: one row per option with its value as text
// (secrets redacted) and where it came from.
import { OPTION_LIST } from './options.js';
import { redactConfig } from './redact.js';
import type { Config, ConfigKey, ConfigSource, ConfigSources, PathMapping } from './types.js';

export const UNSET = '(unset)';

export interface ConfigRow {
  readonly key: ConfigKey;
  readonly value: string;
  readonly source: ConfigSource;
}

// One row per option, in table order; secrets read "***" when set and "(unset)" when not.
export function describeConfig(config: Readonly<Config>, sources: ConfigSources): ConfigRow[] {
  const shown = redactConfig(config);
  return OPTION_LIST.map((option) => ({
    key: option.key,
    value: formatValue(shown[option.key]),
    source: sources[option.key],
  }));
}

// The rows as an aligned three-column text table with a header.
export function formatConfigTable(rows: readonly ConfigRow[]): string {
  const table = [{ key: 'OPTION', value: 'VALUE', source: 'SOURCE' }, ...rows];
  const keyWidth = Math.max(...table.map((row) => row.key.length));
  const valueWidth = Math.max(...table.map((row) => row.value.length));
  return table
    .map((row) => `${row.key.padEnd(keyWidth)}  ${row.value.padEnd(valueWidth)}  ${row.source}`.trimEnd())
    .join('\n');
}

function formatValue(value: unknown): string {
  if (value === null) return UNSET;
  if (Array.isArray(value)) {
    if (value.length === 0) return '(none)';
    return value
      .map((item: string | PathMapping) => (typeof item === 'string' ? item : formatMapping(item)))
      .join(',');
  }
  return String(value);
}

function formatMapping({ stashPrefix, localPrefix }: PathMapping): string {
  return `${stashPrefix}=${localPrefix}`;
}
