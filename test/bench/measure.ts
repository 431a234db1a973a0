// Runs a command and measures wall time, CPU time (user+sys of it and all its children) and the
// peak RSS of its largest process, with GNU time (or python3's getrusage when GNU time is absent).
import { execa } from 'execa';
import { existsSync } from 'node:fs';

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

// Runs `cmd args` to completion and returns its cost; throws if it fails.
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

export function median(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}
