// Our VTT text equals, byte for byte, the _thumbs.vtt a real Stash wrote for each corpus file,
// computed from a real ffprobe of the file (Stash's probe, frame count and decode-pass fallbacks).
import { describe, expect, it } from 'vitest';
import { planSprite } from '../../../src/generators/sprite-plan.js';
import { probeSpriteInput } from '../../../src/generators/sprite.js';
import { buildSpriteVtt } from '../../../src/generators/vtt.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import { HAS_ARTIFACTS, loadArtifacts, readArtifactVtt } from './artifacts.js';
import { realDeps } from './deps.js';

const corpus = corpusContext();
const available = corpus.available && HAS_ARTIFACTS;
const reason = !HAS_ARTIFACTS ? 'skipped: ../shared/vectors/artifacts not found' : corpus.reason;
const withVtt = loadArtifacts().filter(
  (a) => a.vtt && a.sprite && corpus.files.some((f) => f.file === a.file),
);

describe.skipIf(!available)(`sprite VTT equals Stash's ${reason}`, () => {
  it('covers every artifact VTT of the corpus', () => {
    expect(withVtt.length).toBe(26);
  });

  it.each(withVtt.map((a) => [a.file, a] as const))(
    '%s',
    async (_, a) => {
      const plan = planSprite(await probeSpriteInput(realDeps(), corpus.pathOf(a.file)));
      const vtt = buildSpriteVtt({
        spriteFileName: `${a.oshash}_sprite.jpg`,
        tileWidth: Math.trunc(a.sprite!.width / 9),
        tileHeight: Math.trunc(a.sprite!.height / 9),
        stepSeconds: plan.vttStepSeconds,
      });
      expect(vtt).toBe(readArtifactVtt(a.vtt!));
    },
    60_000,
  );
});
