import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fileNeeded, spriteNeeds } from '../../../src/generators/required.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'required-'));
  await writeFile(join(dir, 's.jpg'), '');
  await writeFile(join(dir, 'v.vtt'), 'x');
});
afterAll(async () => rm(dir, { recursive: true, force: true }));

describe("Stash's required() tests", () => {
  it('sprite pair: nothing when both exist (even empty), only the missing one otherwise, both when forced', async () => {
    expect(await spriteNeeds(join(dir, 's.jpg'), join(dir, 'v.vtt'), false)).toBeNull();
    expect(await spriteNeeds(join(dir, 's.jpg'), join(dir, 'none.vtt'), false)).toEqual({
      writeSprite: false,
      writeVtt: true,
    });
    expect(await spriteNeeds(join(dir, 'none.jpg'), join(dir, 'v.vtt'), false)).toEqual({
      writeSprite: true,
      writeVtt: false,
    });
    expect(await spriteNeeds(join(dir, 's.jpg'), join(dir, 'v.vtt'), true)).toEqual({
      writeSprite: true,
      writeVtt: true,
    });
  });

  it('single files: needed when missing or forced', async () => {
    expect(await fileNeeded(join(dir, 's.jpg'), false)).toBe(false);
    expect(await fileNeeded(join(dir, 's.jpg'), true)).toBe(true);
    expect(await fileNeeded(join(dir, 'x.mp4'), false)).toBe(true);
  });
});
