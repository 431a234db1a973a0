// Hardware detection by doing (stash pkg/ffmpeg/codec_hardware.go InitHWSupport): for every
// candidate device, a real short encode of a synthetic source through the exact chain previews
// use, with a timeout. Failure or timeout = unavailable, with the reason kept for `phashvaapi hw`.
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { ProcessRunner } from '../run-process.js';
import { buildHwChain } from './chains.js';
import {
  HW_BACKENDS,
  type HwBackend,
  type HwCapability,
  type HwChain,
  type HwChainOptions,
} from './types.js';

export const DEFAULT_HW_TEST_TIMEOUT_MS = 10_000;
const TEST_SOURCE = 'testsrc2=s=1280x720:d=0.5';

export interface DetectOptions {
  readonly run: ProcessRunner;
  readonly ffmpeg: string;
  /** Where device nodes live. @default '/dev' */
  readonly devDir?: string;
  /** @default all of HW_BACKENDS */
  readonly backends?: readonly HwBackend[];
  /** The chain options previews will use (the test runs that very chain, minus hw decode). */
  readonly chainOptions?: HwChainOptions;
  /** Per test encode. @default 10000 */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

// argv of the test encode: synthetic 720p input → chain → null muxer. Give it a chain without
// hwDecode: hardware decode cannot apply to a lavfi source (detection does so).
export function buildHwTestArgs(chain: HwChain): string[] {
  // prettier-ignore
  return [
    '-hide_banner', '-v', 'warning',
    ...chain.inputArgs,
    '-f', 'lavfi', '-i', TEST_SOURCE,
    '-c:v', chain.encoder, '-vf', chain.videoFilter, ...chain.codecArgs,
    '-f', 'null', '-',
  ];
}

// Entries of `dir` named `<prefix><digits>`, in numeric order, as full paths.
async function listNumbered(dir: string, prefix: string): Promise<{ path: string; index: string }[]> {
  const names = await readdir(dir).catch(() => [] as string[]);
  const pattern = new RegExp(`^${prefix}(\\d+)$`);
  return names
    .flatMap((name) => {
      const m = pattern.exec(name);
      return m ? [{ path: join(dir, name), index: m[1]! }] : [];
    })
    .sort((a, b) => Number(a.index) - Number(b.index));
}

// Every DRM render node (`renderD128`, `renderD129`, …), not just the first.
export async function listRenderNodes(devDir = '/dev'): Promise<string[]> {
  return (await listNumbered(join(devDir, 'dri'), 'renderD')).map((n) => n.path);
}

// Candidate devices of a backend: render nodes for VAAPI/QSV, GPU indices (/dev/nvidiaN) for NVENC.
export async function listCandidates(backend: HwBackend, devDir = '/dev'): Promise<string[]> {
  if (backend === 'nvenc') return (await listNumbered(devDir, 'nvidia')).map((n) => n.index);
  return listRenderNodes(devDir);
}

// Runs one test encode and reports whether it passed, and why not.
export async function testHwChain(chain: HwChain, options: DetectOptions): Promise<HwCapability> {
  const base = { backend: chain.backend, device: chain.device, encoder: chain.encoder };
  try {
    await options.run({
      bin: options.ffmpeg,
      args: buildHwTestArgs(chain),
      stdout: 'ignore',
      signal: options.signal,
      timeoutMs: options.timeoutMs ?? DEFAULT_HW_TEST_TIMEOUT_MS,
      killGraceMs: 1000,
    });
    return { ...base, passed: true, reason: 'ok' };
  } catch (error) {
    if (options.signal?.aborted) throw error;
    return { ...base, passed: false, reason: describeFailure(error) };
  }
}

function describeFailure(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const fields = error as Error & { timedOut?: boolean; stderrTail?: string };
  if (fields.timedOut) return 'test encode timed out';
  const lines = (fields.stderrTail ?? '').split('\n').filter((l) => l.trim());
  return lines[lines.length - 1]?.trim() ?? error.message.split('\n')[0] ?? 'failed';
}

// Tests every backend on every candidate device, in HW_BACKENDS order then device order.
export async function detectHwCapabilities(options: DetectOptions): Promise<HwCapability[]> {
  const results: HwCapability[] = [];
  for (const backend of options.backends ?? HW_BACKENDS) {
    for (const device of await listCandidates(backend, options.devDir)) {
      const chain = buildHwChain(backend, device, { ...options.chainOptions, hwDecode: false });
      results.push(await testHwChain(chain, options));
    }
  }
  return results;
}

export interface HwDetector {
  /** Detection results, computed once and then cached (failures too). */
  detect(): Promise<readonly HwCapability[]>;
  /** Forget the cached results (e.g. after a driver change). */
  reset(): void;
}

// A detector that runs detection at most once per instance (concurrent callers share the run).
export function createHwDetector(options: DetectOptions): HwDetector {
  let cached: Promise<readonly HwCapability[]> | null = null;
  return {
    detect() {
      cached ??= detectHwCapabilities(options).catch((error: unknown) => {
        cached = null;
        throw error;
      });
      return cached;
    },
    reset() {
      cached = null;
    },
  };
}
