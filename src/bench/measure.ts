// Cost of a piece of work: wall time, CPU time (user+sys of this process and of every child it
// waited for) and, for a separate command, the peak RSS of its largest process. Shared by
// `npm run bench` (test/bench/) and `phashvaapi bench` (src/bench/file-bench.ts).
import { execa } from 'execa';
import { existsSync, readFileSync } from 'node:fs';

export interface Measurement {
  wallS: number;
  cpuS: number;
  maxRssMiB: number;
  stdout: string;
}

const PY = `import resource,subprocess,sys,time
t=time.monotonic(); p=subprocess.run(sys.argv[1:]); w=time.monotonic()-t
r=resource.getrusage(resource.RUSAGE_CHILDREN)
sys.stderr.write("\\nMEASURE %f %f %f %d\\n" % (w, r.ru_utime, r.ru_stime, r.ru_maxrss)); sys.exit(p.returncode)`;

// Runs `cmd args` to completion, with GNU time (or python3's getrusage when GNU time is absent),
// and returns its cost; throws if it fails.
export async function measure(cmd: string, args: string[]): Promise<Measurement> {
  const gnuTime = existsSync('/usr/bin/time');
  const wrapped = gnuTime
    ? await execa('/usr/bin/time', ['-f', '\nMEASURE %e %U %S %M', cmd, ...args], { reject: false })
    : await execa('python3', ['-c', PY, cmd, ...args], { reject: false });
  const line = wrapped.stderr.split('\n').findLast((l) => l.startsWith('MEASURE '));
  if (wrapped.exitCode !== 0 || !line) {
    throw new Error(`${cmd} ${args.join(' ')} failed (${wrapped.exitCode}):\n${wrapped.stderr.slice(-2000)}`);
  }
  const [wall, user, sys, rssKiB] = line.split(' ').slice(1).map(Number) as [number, number, number, number];
  return { wallS: wall, cpuS: user + sys, maxRssMiB: rssKiB / 1024, stdout: wrapped.stdout };
}

// CPU seconds of the children this process has waited for (Linux: /proc/self/stat cutime+cstime,
// in USER_HZ = 100 ticks per second on every Linux ABI); NaN elsewhere.
function childrenCpuSeconds(): number {
  try {
    const stat = readFileSync('/proc/self/stat', 'utf8');
    // Fields after the parenthesized command name; cutime and cstime are fields 16 and 17.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[13]) + Number(fields[14])) / 100;
  } catch {
    return Number.NaN;
  }
}

// Runs `work` in this process and returns its result with its cost (peak RSS is not measured: NaN).
// Only meaningful when nothing else runs in this process meanwhile.
export async function measureInProcess<T>(work: () => Promise<T>): Promise<{ value: T; cost: Measurement }> {
  const cpu0 = process.cpuUsage();
  const children0 = childrenCpuSeconds();
  const t0 = performance.now();
  const value = await work();
  const wallS = (performance.now() - t0) / 1000;
  const own = process.cpuUsage(cpu0);
  const cpuS = (own.user + own.system) / 1e6 + (childrenCpuSeconds() - children0);
  return { value, cost: { wallS, cpuS, maxRssMiB: Number.NaN, stdout: '' } };
}

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
