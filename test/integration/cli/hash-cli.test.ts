// `phashvaapi hash` as a user runs it: output format, per-file errors, exit codes, --json, --montage.
import { existsSync } from 'node:fs';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../helpers/cli.js';
import { corpusContext } from '../../helpers/corpus-context.js';

const corpus = corpusContext();

describe('phashvaapi hash: usage errors', () => {
  it('exits 2 without files', async () => {
    const r = await runCli(['hash']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/at least one video file/);
  });

  it('exits 2 on an unknown flag', async () => {
    const r = await runCli(['hash', '--bogus', 'x.mp4']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/bogus/);
  });

  it('exits 2 on a bad --concurrency', async () => {
    const r = await runCli(['hash', '--concurrency', '0', 'x.mp4']);
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/concurrency/);
  });
});

describe.skipIf(!corpus.available)(`phashvaapi hash on real files ${corpus.reason}`, () => {
  const c01 = corpus.files.find((f) => f.recipe.startsWith('c01'))!;
  const c11 = corpus.files.find((f) => f.recipe.startsWith('c11'))!;

  it('prints "<phash>  <file>" per file, reports a bad file on stderr, exits 1, keeps going', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cli-'));
    const junk = join(dir, 'junk.mp4');
    await writeFile(junk, 'not a video at all');
    const files = [corpus.pathOf(c01.file), junk, corpus.pathOf(c11.file), join(dir, 'missing.mp4')];
    const r = await runCli(['hash', ...files]);
    expect(r.exitCode).toBe(1);
    // GraphQL-style rendering: lowercase, no 0x, not zero-padded.
    const show = (hex: string) => BigInt(`0x${hex}`).toString(16);
    // (execa strips the final newline)
    expect(r.stdout).toBe(`${show(c01.phash!)}  ${files[0]}\n${show(c11.phash!)}  ${files[2]}`);
    expect(r.stderr).toContain(`${junk}:`);
    expect(r.stderr).toContain('missing.mp4');
  }, 120_000);

  it('--json prints one object per file, --duration overrides the probe, --montage writes a PNG', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-cli-'));
    const file = corpus.pathOf(c01.file);
    const r = await runCli(['hash', '--json', '--duration', String(c01.duration), '--montage', dir, file]);
    expect(r.exitCode).toBe(0);
    const line = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
    expect(line).toMatchObject({
      file,
      phash: BigInt(`0x${c01.phash}`).toString(16),
      duration: c01.duration,
    });
    expect(typeof line.ms).toBe('number');
    const png = join(dir, `${c01.file}.montage.png`);
    expect(existsSync(png)).toBe(true);
    const meta = await sharp(png).metadata();
    expect([meta.width, meta.height]).toEqual([800, 5 * c01.frame_size![1]]);
  }, 120_000);

  it('--json reports failures as {file, error}', async () => {
    const r = await runCli(['hash', '--json', '/nonexistent/video.mp4']);
    expect(r.exitCode).toBe(1);
    const line = JSON.parse(r.stdout.trim()) as Record<string, unknown>;
    expect(line.file).toBe('/nonexistent/video.mp4');
    expect(String(line.error)).toMatch(/ffprobe|missing|not readable/);
  });
});
