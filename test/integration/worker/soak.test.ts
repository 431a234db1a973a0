// The short fleet soak (the full one is `npm run soak`): 4 worker processes x 100 scenes with
// kill -9 / start churn every 5 s, a 6 s Stash outage and clocks skewed by up to ±10 min.
import { describe, expect, it } from 'vitest';
import { formatSoak, runSoak, type SoakOptions } from '../../soak/soak.js';

const options: SoakOptions = {
  workers: 4,
  scenes: 100,
  churnEveryMs: 5000,
  outageAtMs: 15_000,
  outageMs: 6000,
  maxSkewMs: 10 * 60_000,
  leaseTtlSeconds: 4,
  fakeDelay: 0.05,
  timeoutMs: 420_000,
};

describe('a small fleet with churn, an outage and skewed clocks', () => {
  it('processes every scene once, loses nothing, tags nothing and leaves no claim', async () => {
    const r = await runSoak(options);
    console.log(formatSoak(options, r));
    expect(r.kills, 'the churn killed no worker').toBeGreaterThan(0);
    expect(r.processedTwice, 'files whose phash was written by two workers').toBe(0);
    expect(r.resultsLost, 'scenes left without a phash').toBe(0);
    expect(r.wronglyErrorTagged, 'good scenes error-tagged').toBe(0);
    expect(r.claimTagsLeft, 'claim tags left behind').toBe(0);
    expect(r.claimedScenesLeft).toBe(0);
    expect(r.sceneUpdatesPerScene, "claims updated scenes (users' hooks ran)").toBe(0);
  }, 600_000);
});
