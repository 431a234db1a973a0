// Removes the sync-sample tables (`stss`) of an MP4/MOV file in place by renaming each box to
// `free`, which every reader skips. Sizes and offsets stay as they were, so the file stays valid;
// by ISO/IEC 14496-12 a track without `stss` has every sample as a sync sample.
import { open } from 'node:fs/promises';

// Boxes that hold the path moov/trak/mdia/minf/stbl down to stss.
const CONTAINERS = new Set(['moov', 'trak', 'mdia', 'minf', 'stbl']);

// Renames every stss box in `file` to free; returns how many there were.
export async function stripStss(file: string): Promise<number> {
  const handle = await open(file, 'r+');
  try {
    const { size } = await handle.stat();
    const found: number[] = [];
    await walk(handle, 0, size, found);
    for (const at of found) await handle.write(Buffer.from('free', 'latin1'), 0, 4, at + 4);
    return found.length;
  } finally {
    await handle.close();
  }
}

async function walk(
  handle: Awaited<ReturnType<typeof open>>,
  start: number,
  end: number,
  found: number[],
): Promise<void> {
  const header = Buffer.alloc(16);
  let at = start;
  while (at + 8 <= end) {
    await handle.read(header, 0, 16, at);
    let size = header.readUInt32BE(0);
    const type = header.toString('latin1', 4, 8);
    let body = at + 8;
    if (size === 1) {
      size = Number(header.readBigUInt64BE(8));
      body = at + 16;
    } else if (size === 0) {
      size = end - at;
    }
    if (size < 8 || at + size > end) throw new Error(`malformed box '${type}' at ${at}`);
    if (type === 'stss') found.push(at);
    else if (CONTAINERS.has(type)) await walk(handle, body, at + size, found);
    at += size;
  }
}
