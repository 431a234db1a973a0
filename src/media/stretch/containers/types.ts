// What the stretch path must know of a container: whether a file's packets can be trusted, how
// fftools' seek leads the target, and where a packet's frame bytes are.
import type { PacketIndex } from '../packet-index.js';

export interface ContainerRules {
  name: string;
  matches(index: PacketIndex): boolean;
  /** Why the packets cannot be planned (missing times, out of order), or null. */
  packetProblem(index: PacketIndex): string | null;
  /**
   * Why ffprobe's keyframe flags may not be the demuxer's seek points (read from the file), or
   * null. The plan trusts those flags, so a file whose demuxer seeks elsewhere is not eligible.
   */
  seekPointsProblem?(index: PacketIndex): string | null;
  /** How far before `-ss` (+ start time) fftools may ask the demuxer to seek, in µs. */
  seekLeadUs: number;
  /** The frame's bytes of the packet at `pos` (`size` bytes), or null when they cannot be located. */
  frameData(fd: number, pos: number, size: number): { pos: number; size: number } | null;
}
