// Fault injection for tests: latency, a seeded HTTP 500 rate and downtime windows.

export type DowntimeMode = 'refuse' | '503';

// mulberry32: a small seeded PRNG, so an error rate fails the same requests on every run.
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export class Knobs {
  latencyMs: number;
  errorRate: number;
  private downUntil = 0;
  private downMode: DowntimeMode = 'refuse';
  private trigger: { operation: string; left: number; ms: number; mode: DowntimeMode } | null = null;
  private readonly random: () => number;

  constructor(options: { latencyMs?: number; errorRate?: number; seed?: number }) {
    this.latencyMs = options.latencyMs ?? 0;
    this.errorRate = options.errorRate ?? 0;
    this.random = seededRandom(options.seed ?? 1);
  }

  // For the next `ms` milliseconds, refuse connections (reset) or answer 503.
  setDowntime(ms: number, mode: DowntimeMode = 'refuse'): void {
    this.downUntil = Date.now() + ms;
    this.downMode = mode;
  }

  // Downtime of `ms` starting right after the `nth` answered `operation` (to cut Stash off at an
  // exact point of a worker's protocol, e.g. between its claim and its release).
  downAfter(operation: string, ms: number, options: { nth?: number; mode?: DowntimeMode } = {}): void {
    this.trigger = { operation, left: options.nth ?? 1, ms, mode: options.mode ?? 'refuse' };
  }

  // Called as each request is answered.
  answered(operation: string | null): void {
    if (!this.trigger || operation !== this.trigger.operation) return;
    if (--this.trigger.left > 0) return;
    this.setDowntime(this.trigger.ms, this.trigger.mode);
    this.trigger = null;
  }

  // The current downtime mode, or null when up.
  downtime(): DowntimeMode | null {
    return Date.now() < this.downUntil ? this.downMode : null;
  }

  // Draws whether this request fails with HTTP 500.
  shouldFail(): boolean {
    return this.errorRate > 0 && this.random() < this.errorRate;
  }
}
