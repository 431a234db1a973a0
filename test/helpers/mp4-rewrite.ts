// Byte-level MP4 edits for regression tests (no MP4Box): ISO BMFF boxes are size(4) type(4) body,
// size 1 meaning a 64-bit size follows and 0 meaning "to the end". Only boxes inside `moov` are
// touched, and only in ways that leave every sample's byte offset where it was (moov stays at
// the end of ffmpeg's default, non-faststart output), so the media data still reads the same.

export interface Box {
  type: string;
  start: number;
  headerSize: number;
  end: number;
}

// The boxes directly inside buf[from, to).
export function childBoxes(buf: Buffer, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  let pos = from;
  while (pos + 8 <= to) {
    let size = buf.readUInt32BE(pos);
    let headerSize = 8;
    if (size === 1) {
      size = Number(buf.readBigUInt64BE(pos + 8));
      headerSize = 16;
    } else if (size === 0) size = to - pos;
    if (size < headerSize || pos + size > to) throw new Error(`bad box at ${pos}`);
    boxes.push({ type: buf.toString('latin1', pos + 4, pos + 8), start: pos, headerSize, end: pos + size });
    pos += size;
  }
  return boxes;
}

function only(boxes: Box[], type: string): Box {
  const found = boxes.filter((b) => b.type === type);
  if (found.length !== 1) throw new Error(`expected one ${type} box, found ${found.length}`);
  return found[0]!;
}

// Moves moov's `udta` (where ffmpeg's muxer puts the cover art, `covr`) in front of the first
// `trak`. ffmpeg's demuxer creates the cover's stream when it reads `covr`, so the cover picture
// becomes stream 0 and the video stream 1. moov keeps its size, nothing else moves.
export function moveUdtaBeforeTracks(buf: Buffer): Buffer {
  const moov = only(childBoxes(buf, 0, buf.length), 'moov');
  const children = childBoxes(buf, moov.start + moov.headerSize, moov.end);
  const udta = only(children, 'udta');
  const firstTrak = children.find((b) => b.type === 'trak');
  if (!firstTrak) throw new Error('no trak');
  const rest = children.filter((b) => b !== udta);
  const ordered = rest.flatMap((b) => (b === firstTrak ? [udta, b] : [b]));
  const body = Buffer.concat(ordered.map((b) => buf.subarray(b.start, b.end)));
  return Buffer.concat([buf.subarray(0, moov.start + moov.headerSize), body, buf.subarray(moov.end)]);
}

// Renames the `stss` box (sync sample table) of every track to `free`, which every reader skips:
// the file then has no stss, and by the MP4 spec every sample is a sync sample.
export function hideSyncSampleTables(buf: Buffer): { buf: Buffer; renamed: number } {
  const out = Buffer.from(buf);
  let renamed = 0;
  const walk = (from: number, to: number): void => {
    for (const box of childBoxes(out, from, to)) {
      if (box.type === 'stss') {
        out.write('free', box.start + 4, 'latin1');
        renamed++;
      } else if (['moov', 'trak', 'mdia', 'minf', 'stbl'].includes(box.type)) {
        walk(box.start + box.headerSize, box.end);
      }
    }
  };
  walk(0, out.length);
  return { buf: out, renamed };
}
