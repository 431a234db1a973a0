// Starts a real `phashvaapi serve` process and waits for the address it listens on.
import { execa, type ResultPromise } from 'execa';
import { cliCommand } from './cli.js';
import { REPO_ROOT } from './shared.js';

export interface ServeProcess {
  url: string;
  proc: ResultPromise<{ reject: false }>;
  /** SIGTERM, then the exit code. */
  stop(): Promise<{ exitCode: number | undefined; stderr: string }>;
}

// `phashvaapi serve --listen 127.0.0.1:0 ...args`; rejects if it exits before listening.
export async function startServe(
  args: string[],
  env: NodeJS.ProcessEnv,
  timeoutMs = 30_000,
): Promise<ServeProcess> {
  const [cmd, argv] = cliCommand(['serve', '--listen', '127.0.0.1:0', ...args]);
  const proc = execa(cmd, argv, {
    cwd: REPO_ROOT,
    env,
    extendEnv: false,
    reject: false,
    stdin: 'ignore',
    buffer: true,
  }) as ResultPromise<{ reject: false }>;
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`serve did not start within ${timeoutMs} ms: ${out}`)),
      timeoutMs,
    );
    proc.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    void proc.then((r) => {
      clearTimeout(timer);
      reject(new Error(`serve exited (${r.exitCode}) before listening:\n${String(r.stderr)}`));
    });
  });
  return {
    url,
    proc,
    stop: async () => {
      proc.kill('SIGTERM');
      const r = await proc;
      return { exitCode: r.exitCode, stderr: String(r.stderr) };
    },
  };
}

// Polls until `cond` holds.
export async function waitFor(
  what: string,
  cond: () => boolean | Promise<boolean>,
  ms = 30_000,
): Promise<void> {
  const end = Date.now() + ms;
  while (!(await cond())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}
