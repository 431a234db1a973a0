// Stash's "is there anything to do" tests (each task's required()): a file counts as done if it
// exists at all (fsutil.FileExists ignores size); `force` is Stash's Overwrite.
import { fileExists } from './atomic-write.js';

export interface SpriteNeeds {
  readonly writeSprite: boolean;
  readonly writeVtt: boolean;
}

// Sprite and VTT are a pair: the step runs if either is missing and then makes only the missing one.
export async function spriteNeeds(
  spritePath: string,
  vttPath: string,
  force: boolean,
): Promise<SpriteNeeds | null> {
  if (force) return { writeSprite: true, writeVtt: true };
  const [sprite, vtt] = await Promise.all([fileExists(spritePath), fileExists(vttPath)]);
  return sprite && vtt ? null : { writeSprite: !sprite, writeVtt: !vtt };
}

// Preview mp4, webp, marker files: needed when forced or missing.
export async function fileNeeded(path: string, force: boolean): Promise<boolean> {
  return force || !(await fileExists(path));
}
