// Which selected steps a scene still lacks: the one place that decides "missing" outside Stash's
// filters. Phash comes from the files' fingerprints in the page data; generated files (sprite +
// VTT, preview, webp, marker media) are looked up by name, `<hash>` per Stash's naming
// algorithm, only on the few paths of this scene (Stash itself only checks names); the cover
// only Stash knows, through a filter, so a caller passes `lacksCover` when it wants it decided
// here (one request per scene), or null when a filter finds those scenes instead.
import type { StepId } from '../config/types.js';
import {
  ArtifactHashError,
  markerPaths,
  previewPath,
  sceneArtifactHash,
  spritePath,
  vttPath,
  webpPath,
  type NamingAlgorithm,
} from '../generators/generated-paths.js';
import type { WorkScene } from '../stash/api.js';

// Steps whose outputs are files in Stash's generated folder (no Stash filter knows them).
export const FILE_STEPS = ['sprite', 'preview', 'webp', 'markers'] as const satisfies readonly StepId[];
// Steps Stash can filter on (is_missing).
export const FILTER_STEPS = ['phash', 'cover'] as const satisfies readonly StepId[];

export type FileStep = (typeof FILE_STEPS)[number];
export type FilterStep = (typeof FILTER_STEPS)[number];

export const isFileStep = (s: StepId): s is FileStep => (FILE_STEPS as readonly StepId[]).includes(s);
export const isFilterStep = (s: StepId): s is FilterStep => (FILTER_STEPS as readonly StepId[]).includes(s);

export type NeedsScene = Pick<WorkScene, 'id' | 'files' | 'scene_markers'>;

export interface NeedsOptions {
  /** The generated folder here; null: file steps cannot be decided (and are not missing). */
  readonly generatedDir: string | null;
  readonly naming: NamingAlgorithm;
  /** Stash's skip test on one path (fileExists); injectable so tests can count checks. */
  readonly exists: (path: string) => Promise<boolean>;
  /** Whether the scene lacks a cover (a Stash request); null: cover is not decided here. */
  readonly lacksCover: ((sceneId: string) => Promise<boolean>) | null;
}

export interface SceneNeeds {
  /** The selected steps the scene lacks, in the order given (with `first`, at most one). */
  readonly missing: StepId[];
  /** The primary file has no oshash/md5 to name generated files after: file steps cannot run. */
  readonly unnamed: boolean;
}

/**
 * `first`: stop at the first missing step, cheapest checks first (discovery: the scene qualifies and
 * is claimed for all its steps; each step's plan skips what exists). Only what a worker can make
 * counts: a webp needs the preview mp4 (present, or the preview step selected too).
 * `all`: every selected step, as it is on disk (the audit's counts).
 */
export async function sceneNeeds(
  scene: NeedsScene,
  steps: readonly StepId[],
  options: NeedsOptions,
  mode: 'first' | 'all',
): Promise<SceneNeeds> {
  const missing: StepId[] = [];
  const done = () => mode === 'first' && missing.length > 0;
  if (scene.files.length === 0) return { missing, unnamed: false };
  if (steps.includes('phash') && scene.files.some((f) => !f.fingerprints.some((fp) => fp.type === 'phash')))
    missing.push('phash');
  if (done()) return { missing, unnamed: false };

  const fileSteps = steps.filter(isFileStep);
  let unnamed = false;
  if (fileSteps.length > 0 && options.generatedDir !== null) {
    let hash: string | null = null;
    try {
      hash = sceneArtifactHash(scene.files, options.naming);
    } catch (error) {
      if (!(error instanceof ArtifactHashError)) throw error;
      unnamed = true;
    }
    for (const step of hash === null ? [] : fileSteps) {
      if (await lacksFiles(step, scene, options.generatedDir, hash!, steps, options.exists, mode))
        missing.push(step);
      if (done()) return { missing, unnamed };
    }
  }

  if (steps.includes('cover') && options.lacksCover && (await options.lacksCover(scene.id)))
    missing.push('cover');
  return { missing, unnamed };
}

// Whether one file step's outputs are missing (same tests as the steps' own plan()).
async function lacksFiles(
  step: FileStep,
  scene: NeedsScene,
  generated: string,
  hash: string,
  steps: readonly StepId[],
  exists: (path: string) => Promise<boolean>,
  mode: 'first' | 'all',
): Promise<boolean> {
  switch (step) {
    case 'sprite':
      return !(await exists(spritePath(generated, hash))) || !(await exists(vttPath(generated, hash)));
    case 'preview':
      return !(await exists(previewPath(generated, hash)));
    case 'webp': {
      if (await exists(webpPath(generated, hash))) return false;
      // Stash makes the webp from the preview mp4: without one (and no preview step) it cannot be made.
      return mode === 'all' || steps.includes('preview') || (await exists(previewPath(generated, hash)));
    }
    case 'markers': {
      const seen = new Set<number>();
      for (const marker of scene.scene_markers) {
        const at = Math.trunc(marker.seconds);
        if (seen.has(at)) continue; // same <int(seconds)> name: the same files
        seen.add(at);
        const paths = markerPaths(generated, hash, marker.seconds);
        for (const path of [paths.video, paths.webp, paths.screenshot])
          if (!(await exists(path))) return true;
      }
      return false;
    }
    default:
      return step satisfies never;
  }
}
