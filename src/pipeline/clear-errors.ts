// `phashvaapi clear-errors`: remove our error tag from every scene carrying it (within
// --path-filter / --scene-ids when given), so the next runs try those scenes again. Counts first;
// a dry run stops there. Removal goes in bulk updates of `pageSize` scenes (Stash runs each as
// one transaction; every scene update fires the users' Scene.Update.Post hooks). The tag itself
// stays: running workers keep using its id.
import { findListedScenes } from '../discovery/finder.js';
import { carriesNone, pathCriteria, type WorkScope } from '../discovery/work-scope.js';
import {
  buildNeedingWorkFilter,
  countScenes,
  findSceneIdsMatching,
  findTagByExactName,
  removeSceneTags,
} from '../stash/api.js';
import type { StashClient } from '../stash/client.js';
import type { SceneFilterType } from '../stash/generated/graphql.js';

export const CLEAR_PAGE = 500;

export interface ClearErrorsReport {
  tag: string;
  /** The error tag exists in Stash. */
  tagExists: boolean;
  /** Scenes carrying it (in scope) before anything was removed. */
  tagged: number;
  /** Scenes it was removed from (0 in a dry run). */
  removed: number;
  dryRun: boolean;
}

// Counts (and unless dryRun removes) the error tag on the scenes in scope.
export async function clearErrors(
  client: StashClient,
  options: { errorTag: string; scope: WorkScope; dryRun: boolean; pageSize?: number },
): Promise<ClearErrorsReport> {
  const pageSize = options.pageSize ?? CLEAR_PAGE;
  const report: ClearErrorsReport = {
    tag: options.errorTag,
    tagExists: false,
    tagged: 0,
    removed: 0,
    dryRun: options.dryRun,
  };
  const tag = await findTagByExactName(client, options.errorTag);
  if (!tag) return report;
  report.tagExists = true;

  if (options.scope.sceneIds) {
    // Stash ignores filters when ids are given: read the listed scenes and pick the tagged ones.
    const ids = options.scope.sceneIds;
    const tagged: string[] = [];
    for (let i = 0; i < ids.length; i += 100) {
      const scenes = await findListedScenes(client, ids.slice(i, i + 100));
      tagged.push(...scenes.filter((s) => !carriesNone(s, [tag.id])).map((s) => s.id));
    }
    report.tagged = tagged.length;
    if (options.dryRun) return report;
    for (let i = 0; i < tagged.length; i += pageSize) {
      const chunk = tagged.slice(i, i + pageSize);
      await removeSceneTags(client, chunk, [tag.id]);
      report.removed += chunk.length;
    }
    return report;
  }

  const filter: SceneFilterType = {
    ...buildNeedingWorkFilter({ missing: null, ...pathCriteria(options.scope.pathFilter) }),
    tags: { value: [tag.id], modifier: 'INCLUDES' },
  };
  report.tagged = await countScenes(client, filter);
  if (options.dryRun || report.tagged === 0) return report;
  // Always page 1: each removal takes those scenes out of the filter. Bounded in case another
  // process keeps tagging scenes meanwhile.
  const maxRounds = Math.ceil(report.tagged / pageSize) + 2;
  for (let round = 0; round < maxRounds; round++) {
    const { ids } = await findSceneIdsMatching(client, filter, 1, pageSize);
    if (ids.length === 0) break;
    await removeSceneTags(client, ids, [tag.id]);
    report.removed += ids.length;
  }
  return report;
}

// One line for a person.
export function formatClearErrors(r: ClearErrorsReport): string {
  if (!r.tagExists) return `No scene carries "${r.tag}": the tag does not exist in Stash.`;
  if (r.dryRun)
    return `${r.tagged} scene(s) carry "${r.tag}"; dry run: nothing was removed (run without --dry-run to remove it).`;
  return `Removed "${r.tag}" from ${r.removed} scene(s) (${r.tagged} carried it); the next runs will try them again.`;
}
