// The phash step, as Stash's Generate does it (stash internal/manager/task_generate_phash.go):
// every file of the scene that lacks a phash gets one; a phash already known for a file with the
// same oshash is reused instead of hashing again (stash #4393); the duration is Stash's stored
// one, never a fresh probe. An existing phash is kept unless --force.
import { existsSync } from 'node:fs';
import { toShell } from '../../media/shell-quote.js';
import { buildScreenshotArgs } from '../../media/screenshot-args.js';
import { computeVideoPhash } from '../../phash/video-phash.js';
import { formatPhash } from '../../phash/phash-hex.js';
import { phashTimestamps } from '../../phash/timestamps.js';
import { setFilePhash, type WorkScene } from '../../stash/api.js';
import { findPhashByOshash } from '../../stash/phash-lookup.js';
import type { SceneStep, StepPlan, WorkerContext } from '../context.js';
import { toLocalPath } from '../path-map.js';
import { untilStashAnswers } from '../stash-retry.js';
import { fingerprint, type SceneFile } from '../scene-files.js';
import { fastPathWatch, videoPhashOptions } from './generator-support.js';

interface FilePhashPlan {
  fileId: string;
  stashPath: string;
  localPath: string;
  duration: number;
  oshash: string | null;
  /** A phash known for the same oshash in this scene, reused without hashing. */
  reuse: string | null;
}

type PhashPlan = FilePhashPlan[];

function needsPhash(file: SceneFile, force: boolean): boolean {
  return force || fingerprint(file, 'phash') === null;
}

export const phashStep: SceneStep<PhashPlan> = {
  id: 'phash',

  async plan(scene: WorkScene, ctx: WorkerContext): Promise<StepPlan<PhashPlan> | null> {
    const { force, pathMap, ffmpegPath } = ctx.config;
    const files = scene.files.filter((f) => needsPhash(f, force));
    if (files.length === 0) return null;
    const data = files.map((f): FilePhashPlan => {
      const oshash = fingerprint(f, 'oshash');
      const twin = force
        ? null
        : scene.files.find((o) => o.id !== f.id && oshash && fingerprint(o, 'oshash') === oshash);
      return {
        fileId: f.id,
        stashPath: f.path,
        localPath: toLocalPath(f.path, pathMap),
        duration: f.duration,
        oshash,
        reuse: twin ? fingerprint(twin, 'phash') : null,
      };
    });
    // The files to hash and their 25 seeks; the scene job may grab them with the sprite's.
    const frames = data
      .filter((p) => !p.reuse)
      .map((p) => ({ input: p.localPath, seconds: phashTimestamps(p.duration) }));
    const commands = frames.flatMap((f) =>
      f.seconds.map((t) => toShell(ffmpegPath, buildScreenshotArgs(f.input, t))),
    );
    const summary = data
      .map((p) =>
        p.reuse
          ? `reuse phash ${p.reuse} of a same-oshash file for file ${p.fileId}`
          : `hash ${p.localPath} (duration ${p.duration} s${existsSync(p.localPath) ? '' : ', NOT FOUND here'})`,
      )
      .join('; ');
    return { step: 'phash', summary, commands, data, frames };
  },

  async run(plan, scene, ctx) {
    const retry = { signal: ctx.signal, logger: ctx.logger };
    const watch = fastPathWatch(ctx);
    const written: string[] = [];
    for (const file of plan.data) {
      const { oshash } = file;
      let hex =
        file.reuse ??
        (!ctx.config.force && oshash
          ? await untilStashAnswers(() => findPhashByOshash(ctx.client, oshash, file.fileId), {
              ...retry,
              what: `look up a known phash for oshash ${oshash}`,
            })
          : null);
      const reused = hex !== null;
      if (hex === null) {
        const { phash } = await computeVideoPhash(file.localPath, file.duration, {
          ...videoPhashOptions(ctx),
          onFastPathDisagreement: watch.onFastPathDisagreement,
        });
        hex = formatPhash(phash);
      }
      const value = BigInt(`0x${hex}`);
      await untilStashAnswers(
        async () => {
          await ctx.fence(scene.id);
          await setFilePhash(ctx.client, file.fileId, value);
        },
        { ...retry, what: `store the phash of scene ${scene.id}` },
      );
      written.push(`${hex}${reused ? ' (reused)' : ''}`);
    }
    return { detail: written.join(', '), fastPathDisagreements: watch.disagreements() };
  },
};
