// The clock a worker measures its lease with. Leases are judged on Stash's clock (each worker
// learns its offset from its own tag writes), so a worker whose machine clock is minutes off must
// behave exactly like one that is right. PHASHVAAPI_TEST_CLOCK_SKEW_MS shifts this clock to prove
// it: the soak (test/soak/) skews each worker process by up to ±10 min. An env hook rather than
// libfaketime: faketime is not on these machines, and it would skew the whole process (timers,
// TLS) where only the lease arithmetic reads the wall clock.
export function workerClock(env: NodeJS.ProcessEnv = process.env): () => number {
  const skew = Number(env.PHASHVAAPI_TEST_CLOCK_SKEW_MS ?? 0);
  return Number.isFinite(skew) && skew !== 0 ? () => Date.now() + skew : Date.now;
}
