// Previews of corpus files against what a real Stash wrote (artifacts.json): same streams, same
// size and duration. Same ffmpeg build + Stash's exact argv ⇒ x264 output is deterministic, so the
// byte count must match too.
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewPath, webpPath } from '../../../src/generators/generated-paths.js';
import { planPreview } from '../../../src/generators/preview-plan.js';
import { resolvePreviewSettings } from '../../../src/generators/preview-settings.js';
import { probePreviewInput, runPreview, runPreviewWebp } from '../../../src/generators/preview.js';
import { SOFTWARE_ENCODER } from '../../../src/media/hwaccel/types.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import { HAS_ARTIFACTS, loadArtifacts } from './artifacts.js';
import { probeOutput, realDeps } from './deps.js';

const corpus = corpusContext();
const PICKS = (process.env.PREVIEW_PICKS ?? 'c01_,c05_,c06_,c08_,c16_,f03_,f06_').split(',');
const picked = loadArtifacts().filter(
  (a) => a.preview && PICKS.some((p) => a.file.startsWith(p)) && corpus.files.some((f) => f.file === a.file),
);

let gen: string;
beforeAll(async () => {
  gen = await mkdtemp(join(tmpdir(), 'preview-corpus-'));
});
afterAll(async () => rm(gen, { recursive: true, force: true }));

describe.skipIf(!corpus.available || !HAS_ARTIFACTS)(
  `preview of corpus files matches Stash's ${corpus.reason}`,
  () => {
    it('has the files it claims to check', () => expect(picked).toHaveLength(PICKS.length));

    it.each(picked.map((a) => [a.file, a] as const))(
      '%s',
      async (_, a) => {
        const input = corpus.pathOf(a.file);
        const settings = resolvePreviewSettings();
        const plan = planPreview(await probePreviewInput(realDeps(), input), settings);
        const output = previewPath(gen, a.oshash);
        await runPreview(plan, realDeps(), { output, encoder: SOFTWARE_ENCODER });
        const info = await probeOutput(output);
        expect(info.streams).toEqual(a.preview!.streams);
        expect([info.width, info.height]).toEqual([a.preview!.width ?? 0, a.preview!.height ?? 0]);
        expect(info.duration).toBeCloseTo(a.preview!.duration, 2);
        expect((await stat(output)).size).toBe(a.preview!.bytes);
        if (a.webp) {
          await runPreviewWebp(output, webpPath(gen, a.oshash), settings, realDeps());
          expect((await stat(webpPath(gen, a.oshash))).size).toBe(a.webp.bytes);
        }
      },
      300_000,
    );
  },
);
