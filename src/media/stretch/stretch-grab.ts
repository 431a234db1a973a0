// Runs the stretch path (see stretch-plan.ts): one packet index per file, then remux | decode
// pipes that decode each planned stretch once, reference frames and wanted frames only. Returns a
// frame for every seek it could serve and null for the rest, which the caller grabs per seek;
// anything unexpected (a process error, a frame count that differs) also yields nulls, never a
// different frame.
import { closeSync, openSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Limiter } from '../frame-grab.js';
import type { PipeRunner, ProcessRunner } from '../run-process.js';
import { readAccessUnitKind, STRETCH_CODECS, type AccessUnitKind } from './access-unit.js';
import { containerRules } from './containers/index.js';
import type { PacketIndex, VideoPacket } from './packet-index.js';
import { readPacketIndexFor } from './packet-windows.js';
import { buildDropFilters, buildStretchDecodeArgs, buildStretchRemuxArgs } from './stretch-args.js';
import { planStretches, rescale, stretchIneligibility, type Stretch } from './stretch-plan.js';

export interface StretchGrabOptions {
  run: ProcessRunner;
  runPipe: PipeRunner;
  ffmpeg: string;
  ffprobe: string;
  input: string;
  /** Stash's -ss strings, one per wanted frame. */
  seeks: readonly string[];
  limit: Limiter;
  processes: number;
  signal?: AbortSignal | undefined;
  timeoutMs?: number | undefined;
  /** Told, before any decoding, which seeks (indices into `seeks`) the plan leaves out. */
  onUnplanned?: ((seeks: number[]) => void) | undefined;
  /** Told, before any decoding, the pipes that will run (tests and diagnostics). */
  onPipes?: ((pipes: readonly (readonly ReadyStretch[])[]) => void) | undefined;
}

// Caps per pipe: the select expression's size, and the length of one argv string (128 KiB).
const MAX_FRAMES_PER_PIPE = 60;
const MAX_DROPS_PER_PIPE = 3000;

export interface ReadyStretch {
  stretch: Stretch;
  /** Positions of non-reference packets inside the stretch that no target needs. */
  drops: number[];
  /** The packets the decoder gets, in decode order. */
  kept: VideoPacket[];
  /** Their bytes: the decode cost used to balance pipes. */
  bytes: number;
  /** Its keyframe leaves a running decoder as a fresh one (access-unit.ts); else it opens a pipe. */
  resets: boolean;
}

// One Buffer (BMP bytes) or null per seek.
export async function grabByStretches(o: StretchGrabOptions): Promise<(Buffer | null)[]> {
  const frames: (Buffer | null)[] = o.seeks.map(() => null);
  let index: PacketIndex;
  try {
    index = await o.limit(() => readPacketIndexFor(o.run, o.ffprobe, o.input, o.seeks, o));
  } catch (error) {
    if (o.signal?.aborted) throw error;
    return frames;
  }
  if (stretchIneligibility(index) !== null) return frames;
  if (containerRules(index)?.seekPointsProblem?.(index)) return frames;
  const plan = planStretches(index, o.seeks);
  const reader = openKindReader(index);
  if (!reader) return frames;
  let ready: ReadyStretch[];
  try {
    ready = prepareStretches(index, plan.stretches, reader.kindOf);
  } finally {
    reader.close();
  }
  const served = new Set(ready.flatMap((r) => r.stretch.targets.map((t) => t.seek)));
  o.onUnplanned?.(o.seeks.flatMap((_, i) => (served.has(i) ? [] : [i])));
  const pipes = splitIntoPipes(ready, o.processes);
  o.onPipes?.(pipes);
  await Promise.all(
    pipes.map((group) =>
      o.limit(async () => {
        const got = await runStretchPipe(o, index, group);
        for (const [seek, bmp] of got) frames[seek] = bmp;
      }),
    ),
  );
  return frames;
}

// Keeps stretches whose keyframe may start decoding (access-unit.ts) and lists the frames each may
// skip: sub-layer non-reference pictures that no target needs, at the highest TemporalId the
// stretch decodes (one of a lower sub-layer may still be used by a higher one). A packet whose kind
// is unknown counts, in HEVC, as the highest sub-layer there is, so nothing below it is dropped
// (H.264 has no sub-layers: the unknown packet is kept and the others are judged as before).
export function prepareStretches(
  index: PacketIndex,
  stretches: readonly Stretch[],
  kindOf: (p: VideoPacket) => AccessUnitKind | null,
): ReadyStretch[] {
  const ready: ReadyStretch[] = [];
  for (const stretch of stretches) {
    const key = index.packets[stretch.key]!;
    const start = kindOf(key);
    if (!start?.start) continue;
    // A CRA's RASL pictures, which precede it in output order, are skipped by a fresh decoder: a
    // target before the keyframe (only possible at the file's first keyframe) is not planned right.
    if (!start.resets && stretch.targets.some((t) => index.packets[t.packet]!.pts < key.pts)) continue;
    const wanted = new Set(stretch.targets.map((t) => t.packet));
    const kinds = index.packets.slice(stretch.key + 1, stretch.end + 1).map(kindOf);
    const unknownTid = index.codec === 'h264' ? 0 : Number.POSITIVE_INFINITY;
    const highest = Math.max(0, ...kinds.map((k) => k?.temporalId ?? unknownTid));
    const drops: number[] = [];
    const kept = [key];
    kinds.forEach((kind, k) => {
      const i = stretch.key + 1 + k;
      const p = index.packets[i]!;
      if (!wanted.has(i) && kind?.subLayerNonReference && kind.temporalId >= highest) drops.push(p.pos);
      else kept.push(p);
    });
    const bytes = kept.reduce((sum, p) => sum + p.size, 0);
    ready.push({ stretch, drops, kept, bytes, resets: start.resets });
  }
  return ready;
}

// The access unit kinds of a file's packets, read from the file (closed by `close`).
function openKindReader(index: PacketIndex): {
  kindOf: (p: VideoPacket) => AccessUnitKind | null;
  close: () => void;
} | null {
  const container = containerRules(index);
  const codec = STRETCH_CODECS.find((c) => c === index.codec);
  if (!container || !codec) return null;
  const fd = openSync(index.input, 'r');
  return {
    kindOf: (p) => {
      const data = container.frameData(fd, p.pos, p.size);
      return data && readAccessUnitKind(codec, fd, data.pos, data.size);
    },
    close: () => closeSync(fd),
  };
}

// Splits stretches (in file order) into contiguous groups of similar decode cost (bytes), one
// pipe each; two pipes per process, so a process that ends early takes another. A stretch whose
// keyframe does not reset the decoder (an HEVC CRA) comes first in its pipe, where the decoder is
// fresh as in Stash's command; stretches that reset may follow it.
export function splitIntoPipes(ready: readonly ReadyStretch[], processes: number): ReadyStretch[][] {
  const total = ready.reduce((sum, r) => sum + r.bytes, 0);
  const share = total / Math.max(1, Math.min(2 * processes, ready.length));
  const groups: ReadyStretch[][] = [];
  let current: ReadyStretch[] = [];
  let bytes = 0;
  let frames = 0;
  let drops = 0;
  for (const r of ready) {
    const full =
      !r.resets ||
      bytes >= share ||
      frames + r.stretch.targets.length > MAX_FRAMES_PER_PIPE ||
      drops + r.drops.length > MAX_DROPS_PER_PIPE;
    if (current.length > 0 && full) {
      groups.push(current);
      current = [];
      bytes = frames = drops = 0;
    }
    current.push(r);
    bytes += r.bytes;
    frames += r.stretch.targets.length;
    drops += r.drops.length;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}

function toMilliseconds(pts: number, index: PacketIndex): number {
  // av_rescale_q(pts, tb, 1/1000): what the Matroska muxer stores.
  return rescale(pts, index.timeBase.num * 1000, index.timeBase.den);
}

function seconds(pts: number, index: PacketIndex): number {
  return (pts * index.timeBase.num) / index.timeBase.den;
}

// Runs one remux | decode pipe; returns the frames it produced by seek, or none on any doubt.
async function runStretchPipe(
  o: StretchGrabOptions,
  index: PacketIndex,
  group: readonly ReadyStretch[],
): Promise<Map<number, Buffer>> {
  const packets = index.packets;
  // Every decoded frame needs a distinct Matroska timestamp for `select` to be exact.
  const keptMs = group.flatMap((r) => r.kept.map((p) => toMilliseconds(p.pts, index)));
  if (new Set(keptMs).size !== keptMs.length) return new Map();
  const targetMs = [
    ...new Set(
      group.flatMap((r) => r.stretch.targets.map((t) => toMilliseconds(packets[t.packet]!.pts, index))),
    ),
  ].sort((a, b) => a - b);
  const first = packets[group[0]!.stretch.key]!;
  const last = Math.max(
    // Matroska packets may have no dts (NaN): the pts then decides.
    ...group.map((r) => Math.max(packets[r.stretch.end]!.pts, packets[r.stretch.end]!.dts || 0)),
  );
  const start = Math.max(0, Math.floor(seconds(first.pts, index) * 1e6) - 1000) / 1e6;
  const filters = buildDropFilters(
    group.map((r) => ({ from: packets[r.stretch.key]!.pos, to: packets[r.stretch.end]!.pos })),
    group.flatMap((r) => r.drops),
  );
  const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-stretch-'));
  try {
    try {
      const { stderr } = await o.runPipe({
        source: {
          bin: o.ffmpeg,
          args: buildStretchRemuxArgs(
            o.input,
            index.videoStream!, // set: stretchIneligibility() checked it
            start.toFixed(6),
            (seconds(last, index) + 1).toFixed(6),
            filters,
          ),
          signal: o.signal,
          timeoutMs: o.timeoutMs,
        },
        sink: {
          bin: o.ffmpeg,
          args: buildStretchDecodeArgs(targetMs, join(dir, '%d.bmp')),
          signal: o.signal,
          timeoutMs: o.timeoutMs,
          stdout: 'ignore',
        },
      });
      // -v error prints nothing on a clean decode; anything printed is a doubt.
      if (stderr.trim() !== '') return new Map();
    } catch (error) {
      if (o.signal?.aborted) throw error;
      return new Map();
    }
    const bmps = await Promise.all(targetMs.map((_, i) => readFile(join(dir, `${i}.bmp`)).catch(() => null)));
    if (bmps.some((b) => !b || b.length === 0)) return new Map();
    const extra = await readFile(join(dir, `${targetMs.length}.bmp`)).then(
      () => true,
      () => false,
    );
    if (extra) return new Map();
    const byMs = new Map(targetMs.map((ms, i) => [ms, bmps[i]!]));
    const result = new Map<number, Buffer>();
    for (const r of group)
      for (const t of r.stretch.targets)
        result.set(t.seek, byMs.get(toMilliseconds(packets[t.packet]!.pts, index))!);
    return result;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
