// What a run cost Stash, per scene processed: requests and scene updates (users' hooks).
import { describe, expect, it } from 'vitest';
import { formatRunSummary, RunStats } from '../../../src/observability/run-stats.js';
import { scenesUpdatedBy } from '../../../src/stash/scene-updates.js';

describe('Stash traffic in the run statistics', () => {
  it('reports requests and scene updates per scene processed', () => {
    const stats = new RunStats(0);
    for (const outcome of ['done', 'done', 'failed', 'skipped'] as const) stats.recordScene(outcome);
    stats.recordStash(30, 0);
    stats.recordStash(10, 2);
    const { stash } = stats.summarize(1000);
    expect(stash).toEqual({ requests: 40, sceneUpdates: 2, requestsPerScene: 10, sceneUpdatesPerScene: 0.5 });
    expect(formatRunSummary(stats.summarize(1000))).toContain(
      'Stash: 40 requests (10.00 per scene), 2 scene updates (0.50 per scene)',
    );
  });

  it('counts one scene update per scene of a bulk update, none for tags or the phash', () => {
    expect(scenesUpdatedBy('AddSceneTags', { sceneIds: ['1', '2', '3'], tagIds: ['9'] })).toBe(3);
    expect(scenesUpdatedBy('RemoveSceneTags', { sceneIds: ['1'], tagIds: ['9'] })).toBe(1);
    expect(scenesUpdatedBy('SetSceneCover', { sceneId: '1', cover: 'x' })).toBe(1);
    for (const op of ['SetFilePhash', 'UpdateTagDescription', 'CreateTag', 'DestroyTag', 'FindTagsByName'])
      expect(scenesUpdatedBy(op, {}), op).toBe(0);
  });
});
