// The plugin's Node.js entry (bundled to phashvaapi.mjs by `npm run package-plugin`): reads the
// task JSON Stash writes on stdin, runs it in this process against Stash, logs and reports
// progress on stderr in Stash's protocol and prints one {output, error} line on stdout.
import { runPipe, runProcess } from '../src/media/run-process.js';
import { formatPluginOutput, parsePluginInput } from './lib/protocol.js';
import { stashLogLines } from './lib/stash-log.js';
import { runPluginTask } from './lib/tasks.js';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function main(): Promise<void> {
  const writeLog = (text: string) => void process.stderr.write(text);
  let result;
  try {
    const input = parsePluginInput(await readStdin());
    result = await runPluginTask(input, { run: runProcess, runPipe, env: process.env, writeLog });
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    writeLog(stashLogLines('error', message));
    result = { output: null, error: message };
  }
  process.stdout.write(formatPluginOutput(result.output, result.error));
  process.exitCode = result.error === null ? 0 : 1;
}

void main();
