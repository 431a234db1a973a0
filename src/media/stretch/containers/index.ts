// The containers the stretch path knows; a file in any other goes per seek.
import type { PacketIndex } from '../packet-index.js';
import { matroskaRules } from './matroska.js';
import { mp4Rules } from './mp4.js';
import type { ContainerRules } from './types.js';

export type { ContainerRules } from './types.js';

const CONTAINERS: readonly ContainerRules[] = [mp4Rules, matroskaRules];

export function containerRules(index: PacketIndex): ContainerRules | null {
  return CONTAINERS.find((c) => c.matches(index)) ?? null;
}
