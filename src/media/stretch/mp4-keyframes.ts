// Which samples ffmpeg's MP4 demuxer may seek to, read from the file's own sample tables, checked
// against ffprobe's keyframe flags. The stretch planner works from those flags, but ffmpeg's `-ss`
// seeks through the demuxer's index, whose keyframes come from the tables (ffmpeg 5.1 libavformat/
// mov.c, mov_build_index): a sample is a keyframe when it is listed in `stss` (or `stps`, or in a
// `rap ` sample group), and when `stss` is missing *every* sample is. ffprobe's flags come from the
// H.264 parser instead (IDR / recovery point), so without `stss` ffprobe shows the IDRs as keyframes
// while ffmpeg's seek starts decoding at whatever sample precedes the seek, P or B.
//
// The file may take the stretch path only when the two agree exactly (an all-intra file without
// `stss`, where ffprobe flags every frame too, agrees). Anything that rewrites or
// extends the index in ways not modelled here makes it ineligible: an empty `stss`, `stps`, `rap `
// groups, fragments (`mvex`/`moof`: keyframes come from `trun` flags, read lazily), edit lists of
// more than one entry, or a sample count that differs from ffprobe's packet count.
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';

interface Box {
  type: string;
  body: number;
  end: number;
}

const CONTAINERS = new Set(['trak', 'mdia', 'minf', 'stbl', 'edts']);
// A moov larger than this is not read (hours of video at high frame rates stay far below).
const MAX_MOOV_BYTES = 256 * 1024 * 1024;

function children(buf: Buffer, from: number, to: number): Box[] | null {
  const boxes: Box[] = [];
  for (let pos = from; pos < to;) {
    if (pos + 8 > to) return null;
    let size = buf.readUInt32BE(pos);
    let header = 8;
    if (size === 1) {
      if (pos + 16 > to) return null;
      size = Number(buf.readBigUInt64BE(pos + 8));
      header = 16;
    } else if (size === 0) size = to - pos;
    if (size < header || pos + size > to) return null;
    boxes.push({ type: buf.toString('latin1', pos + 4, pos + 8), body: pos + header, end: pos + size });
    pos += size;
  }
  return boxes;
}

// The top-level boxes' types and moov's bytes, reading only box headers and moov itself.
function readMoov(input: string): { topTypes: string[]; moov: Buffer } | null {
  const fd = openSync(input, 'r');
  try {
    const fileSize = fstatSync(fd).size;
    const head = Buffer.alloc(16);
    const topTypes: string[] = [];
    let moov: Buffer | null = null;
    for (let pos = 0; pos < fileSize;) {
      if (readSync(fd, head, 0, 16, pos) < 8) return null;
      let size = head.readUInt32BE(0);
      let header = 8;
      if (size === 1) [size, header] = [Number(head.readBigUInt64BE(8)), 16];
      else if (size === 0) size = fileSize - pos;
      if (size < header || pos + size > fileSize) return null;
      const type = head.toString('latin1', 4, 8);
      topTypes.push(type);
      if (type === 'moov') {
        if (moov || size - header > MAX_MOOV_BYTES) return null;
        moov = Buffer.alloc(size - header);
        if (readSync(fd, moov, 0, moov.length, pos + header) !== moov.length) return null;
      }
      pos += size;
    }
    return moov ? { topTypes, moov } : null;
  } finally {
    closeSync(fd);
  }
}

// Every box under `from..to` (containers opened), by type.
function collect(
  buf: Buffer,
  from: number,
  to: number,
  found = new Map<string, Box[]>(),
): Map<string, Box[]> | null {
  const boxes = children(buf, from, to);
  if (!boxes) return null;
  for (const box of boxes) {
    found.set(box.type, [...(found.get(box.type) ?? []), box]);
    if (CONTAINERS.has(box.type) && !collect(buf, box.body, box.end, found)) return null;
  }
  return found;
}

export interface Mp4IndexKeyframes {
  /** The demuxer's keyframe sample numbers (0-based). */
  keyframes: Set<number>;
  samples: number;
  /** Sample number by its byte position: the `pos` ffprobe prints for the packet (index entry). */
  sampleAt: Map<number, number>;
}

// The demuxer's keyframe samples for the one video track, or why not known.
export function mp4IndexKeyframes(input: string): Mp4IndexKeyframes | string {
  const file = readMoov(input);
  if (!file) return 'no readable moov';
  if (file.topTypes.includes('moof')) return 'fragmented MP4';
  const { moov } = file;
  const top = children(moov, 0, moov.length);
  if (!top) return 'bad moov';
  if (top.some((b) => b.type === 'mvex')) return 'fragmented MP4';
  const videoTracks = top
    .filter((b) => b.type === 'trak')
    .map((trak) => collect(moov, trak.body, trak.end))
    .filter((boxes) => {
      const hdlr = boxes?.get('hdlr')?.[0];
      return hdlr !== undefined && moov.toString('latin1', hdlr.body + 8, hdlr.body + 12) === 'vide';
    });
  if (videoTracks.length !== 1 || !videoTracks[0]) return `${videoTracks.length} video tracks`;
  const boxes = videoTracks[0];
  if (boxes.has('stps')) return 'partial sync samples (stps)';
  const groups = boxes.get('sbgp') ?? [];
  if (groups.some((g) => moov.toString('latin1', g.body + 4, g.body + 8) === 'rap '))
    return 'rap sample group';
  const elst = boxes.get('elst')?.[0];
  if (elst && moov.readUInt32BE(elst.body + 4) > 1) return 'edit list of several entries';
  const stsz = boxes.get('stsz')?.[0] ?? boxes.get('stz2')?.[0];
  if (!stsz) return 'no sample sizes';
  const samples = moov.readUInt32BE(stsz.body + 8);
  const sampleAt = samplePositions(moov, boxes, stsz, samples);
  if (typeof sampleAt === 'string') return sampleAt;
  const stss = boxes.get('stss');
  // No stss: every sample is a keyframe (the MP4 spec, and mov_build_index with no table).
  if (!stss) return { keyframes: new Set(Array.from({ length: samples }, (_, i) => i)), samples, sampleAt };
  if (stss.length !== 1) return 'several stss boxes';
  const count = moov.readUInt32BE(stss[0]!.body + 4);
  if (count === 0 || stss[0]!.body + 8 + 4 * count > stss[0]!.end) return 'empty or short stss';
  const entries = Array.from({ length: count }, (_, i) => moov.readUInt32BE(stss[0]!.body + 8 + 4 * i));
  // mov_build_index walks stss with one cursor, so only a strictly increasing table reads as a set.
  if (entries.some((e, i) => i > 0 && e <= entries[i - 1]!)) return 'stss not increasing';
  const keyOffset = entries[0]! > 0 ? 1 : 0; // stss is 1-based; ffmpeg tolerates 0-based tables
  return { keyframes: new Set(entries.map((e) => e - keyOffset)), samples, sampleAt };
}

// Each sample's byte position, from the chunk offsets (stco/co64), the samples per chunk (stsc) and
// the sample sizes (stsz): what mov_build_index stores as each index entry's pos. A packet window
// (packet-windows.ts) is matched to its samples by these positions.
function samplePositions(
  moov: Buffer,
  boxes: Map<string, Box[]>,
  stsz: Box,
  samples: number,
): Map<number, number> | string {
  if (boxes.has('stz2')) return 'compact sample sizes (stz2)';
  const stco = boxes.get('stco')?.[0];
  const co64 = boxes.get('co64')?.[0];
  const stsc = boxes.get('stsc')?.[0];
  if (!stsc || (stco ? 1 : 0) + (co64 ? 1 : 0) !== 1) return 'no single chunk offset table';
  const chunkBox = (stco ?? co64)!;
  const chunks = moov.readUInt32BE(chunkBox.body + 4);
  const chunkOffset = (c: number) =>
    stco ? moov.readUInt32BE(stco.body + 8 + 4 * c) : Number(moov.readBigUInt64BE(co64!.body + 8 + 8 * c));
  const fixedSize = moov.readUInt32BE(stsz.body + 4);
  const sizeOf = (n: number) => (fixedSize !== 0 ? fixedSize : moov.readUInt32BE(stsz.body + 12 + 4 * n));
  const runs = moov.readUInt32BE(stsc.body + 4);
  if (
    chunkBox.body + 8 + (stco ? 4 : 8) * chunks > chunkBox.end ||
    stsc.body + 8 + 12 * runs > stsc.end ||
    (fixedSize === 0 && stsz.body + 12 + 4 * samples > stsz.end)
  )
    return 'short sample tables';
  const sampleAt = new Map<number, number>();
  let n = 0;
  for (let r = 0; r < runs && n < samples; r++) {
    const first = moov.readUInt32BE(stsc.body + 8 + 12 * r) - 1;
    const last = r + 1 < runs ? moov.readUInt32BE(stsc.body + 8 + 12 * (r + 1)) - 1 : chunks;
    const perChunk = moov.readUInt32BE(stsc.body + 12 + 12 * r);
    for (let c = first; c < last && c < chunks && n < samples; c++) {
      let pos = chunkOffset(c);
      for (let k = 0; k < perChunk && n < samples; k++, n++) {
        sampleAt.set(pos, n);
        pos += sizeOf(n);
      }
    }
  }
  return n === samples && sampleAt.size === samples ? sampleAt : 'sample tables do not add up';
}

// Null when ffprobe's keyframe flags are exactly the demuxer's seekable samples; otherwise why not.
// `packets` are the whole stream's, or only windows of it (`whole` false): each packet is then
// matched to its sample by position, and only the windows' packets are checked, which is all the
// planner looks at.
export function keyframeFlagsIneligibility(
  input: string,
  packets: readonly { pos: number; key: boolean }[],
  whole = true,
): string | null {
  let index;
  try {
    index = mp4IndexKeyframes(input);
  } catch {
    return 'sample tables unreadable';
  }
  if (typeof index === 'string') return index;
  if (whole && index.samples !== packets.length)
    return `${index.samples} samples but ${packets.length} packets`;
  for (let i = 0; i < packets.length; i++) {
    const sample = index.sampleAt.get(packets[i]!.pos);
    if (sample === undefined) return `packet ${i}: no sample at its position`;
    if (whole && sample !== i) return `packet ${i}: out of sample order`;
    if (packets[i]!.key !== index.keyframes.has(sample))
      return `packet ${i}: keyframe flag differs from the sample tables`;
  }
  return null;
}
