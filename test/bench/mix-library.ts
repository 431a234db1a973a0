// The library-mix bench's synthesized library, scaled to a 2-core machine: mostly MP4/H.264, a
// large share of MKV, HEVC (8- and 10-bit), WebM/VP9, some AVI/WMV/TS, from 10-second clips to
// several minutes. Cached in .bench-cache/mix/ (made once, a few minutes).
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, rename } from 'node:fs/promises';
import { join } from 'node:path';
import { BENCH_DIR } from './bench-file.js';

export interface MixFile {
  class: string;
  name: string;
  seconds: number;
  /** Encoder arguments after the lavfi inputs. */
  codec: string[];
  ext: string;
  size: string;
}

const H264 = ['-c:v', 'libx264', '-preset', 'veryfast', '-crf', '26', '-pix_fmt', 'yuv420p'];
const HEVC8 = [
  '-c:v',
  'libx265',
  '-preset',
  'ultrafast',
  '-x265-params',
  'log-level=error',
  '-pix_fmt',
  'yuv420p',
];
const HEVC10 = [
  '-c:v',
  'libx265',
  '-preset',
  'ultrafast',
  '-x265-params',
  'log-level=error',
  '-pix_fmt',
  'yuv420p10le',
];
const VP9 = [
  '-c:v',
  'libvpx-vp9',
  '-deadline',
  'realtime',
  '-cpu-used',
  '8',
  '-b:v',
  '800k',
  '-pix_fmt',
  'yuv420p',
];
const AAC = ['-c:a', 'aac', '-b:a', '64k'];

// prettier-ignore
export const MIX: MixFile[] = [
  { class: 'tiny (10 s, MP4/H.264)', name: 'tiny-1.mp4', seconds: 10, codec: [...H264, ...AAC], ext: 'mp4', size: '640x360' },
  { class: 'tiny (10 s, MP4/H.264)', name: 'tiny-2.mp4', seconds: 10, codec: [...H264, ...AAC], ext: 'mp4', size: '640x360' },
  { class: 'tiny (10 s, MP4/H.264)', name: 'tiny-3.mp4', seconds: 12, codec: [...H264, ...AAC], ext: 'mp4', size: '854x480' },
  { class: 'MP4/H.264', name: 'h264-1.mp4', seconds: 120, codec: [...H264, '-g', '250', ...AAC], ext: 'mp4', size: '1280x720' },
  { class: 'MP4/H.264', name: 'h264-2.mp4', seconds: 300, codec: [...H264, '-g', '250', ...AAC], ext: 'mp4', size: '854x480' },
  { class: 'MP4/H.264', name: 'h264-3.mp4', seconds: 60, codec: [...H264, ...AAC], ext: 'mp4', size: '1280x720' },
  { class: 'MKV/H.264', name: 'h264-1.mkv', seconds: 120, codec: [...H264, '-g', '250', ...AAC], ext: 'mkv', size: '1280x720' },
  { class: 'MKV/H.264', name: 'h264-2.mkv', seconds: 60, codec: [...H264, ...AAC], ext: 'mkv', size: '854x480' },
  { class: 'HEVC 8/10-bit (MKV, MP4)', name: 'hevc8.mkv', seconds: 90, codec: [...HEVC8, ...AAC], ext: 'mkv', size: '854x480' },
  { class: 'HEVC 8/10-bit (MKV, MP4)', name: 'hevc10.mp4', seconds: 60, codec: [...HEVC10, '-tag:v', 'hvc1', ...AAC], ext: 'mp4', size: '854x480' },
  { class: 'WebM/VP9', name: 'vp9.webm', seconds: 60, codec: [...VP9, '-c:a', 'libopus'], ext: 'webm', size: '854x480' },
  { class: 'AVI/WMV/TS', name: 'mpeg4.avi', seconds: 60, codec: ['-c:v', 'mpeg4', '-q:v', '5', '-c:a', 'mp3'], ext: 'avi', size: '640x360' },
  { class: 'AVI/WMV/TS', name: 'wmv2.wmv', seconds: 30, codec: ['-c:v', 'wmv2', '-b:v', '1500k', '-c:a', 'wmav2'], ext: 'wmv', size: '640x360' },
  { class: 'AVI/WMV/TS', name: 'h264.ts', seconds: 60, codec: [...H264, ...AAC, '-f', 'mpegts'], ext: 'ts', size: '854x480' },
];

// Paths of the library's files (those whose class contains `only`, when given), synthesizing
// missing ones first.
export async function ensureMixLibrary(only?: string): Promise<{ file: MixFile; path: string }[]> {
  const dir = join(BENCH_DIR, 'mix');
  await mkdir(dir, { recursive: true });
  const out: { file: MixFile; path: string }[] = [];
  for (const file of MIX.filter((f) => only === undefined || f.class.includes(only))) {
    const path = join(dir, file.name);
    if (!existsSync(path)) {
      process.stderr.write(`bench: synthesizing ${path} (${file.seconds} s)...\n`);
      const tmp = `${path}.part.${file.ext}`;
      // prettier-ignore
      await execa('ffmpeg', [
        '-v', 'error', '-y',
        '-f', 'lavfi', '-i', `testsrc2=size=${file.size}:rate=25:duration=${file.seconds}`,
        '-f', 'lavfi', '-i', `sine=frequency=330:sample_rate=48000:duration=${file.seconds}`,
        ...file.codec, tmp,
      ]);
      await rename(tmp, path);
    }
    out.push({ file, path });
  }
  return out;
}
