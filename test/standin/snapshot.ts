// A canonical serialisation of the state for byte-for-byte comparisons: maps in id order,
// bigints as hex, covers as base64, keys in a fixed order.
import type { StandinState } from './state.js';

function replacer(_key: string, value: unknown): unknown {
  if (typeof value === 'bigint') return `0x${value.toString(16)}`;
  if (value instanceof Map)
    return [...value.entries()].sort(([a], [b]) => Number(a) - Number(b)).map(([, v]) => v);
  if (
    value &&
    typeof value === 'object' &&
    'type' in value &&
    (value as { type: unknown }).type === 'Buffer'
  ) {
    return `base64:${Buffer.from((value as unknown as { data: number[] }).data).toString('base64')}`;
  }
  return value;
}

// The whole library (not the clock) as a stable JSON string.
export function snapshotState(state: StandinState): string {
  const { scenes, tags, next, config, version, system } = state;
  return JSON.stringify({ scenes, tags, next, config, version, system }, replacer, 1);
}
