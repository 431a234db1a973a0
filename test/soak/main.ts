// `npm run soak`: the full fleet soak (10-30 minutes depending on the machine; not part of `npm test`, which runs the
// short version in test/integration/worker/soak.test.ts). Exits 1 unless the first four are 0.
import { formatSoak, runSoak, type SoakOptions } from './soak.js';

const options: SoakOptions = {
  workers: 16,
  scenes: 1000,
  churnEveryMs: 3000,
  outageAtMs: 60_000,
  outageMs: 60_000,
  maxSkewMs: 10 * 60_000,
  leaseTtlSeconds: 10,
  fakeDelay: 0.1,
  timeoutMs: 45 * 60_000,
  log: (line) => process.stderr.write(`${line}\n`),
};

const result = await runSoak(options);
process.stdout.write(`${formatSoak(options, result)}\n`);
const bad = result.processedTwice + result.claimTagsLeft + result.resultsLost + result.wronglyErrorTagged;
process.exitCode = bad === 0 ? 0 : 1;
