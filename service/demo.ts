// `npm run demo`: the main job on an embedded default. Synthesizes a few sample videos, starts the
// Stash stand-in with them, runs one `phashvaapi run --once` batch with real ffmpeg, and prints
// what was written to "Stash". Everything lives in .demo/ (git-ignored); run it again any time.
import { execa } from 'execa';
import { existsSync } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { libraryFromVideos } from '../test/standin/library.js';
import { startStandin } from '../test/standin/server.js';
import { createProcessDeps } from './cli/deps.js';
import { main } from './cli/main.js';

const DEMO = resolve('.demo');
const VIDEOS = join(DEMO, 'videos');
const GENERATED = join(DEMO, 'generated');

const SAMPLES: [string, string][] = [
  ['testsrc2-720p.mp4', 'testsrc2=size=1280x720:rate=25:duration=12'],
  ['mandelbrot.mp4', 'mandelbrot=size=640x360:rate=25'],
  ['smptebars.mp4', 'smptehdbars=size=960x540:rate=25:duration=8'],
  ['life.mp4', 'life=size=480x360:rate=25:seed=42:ratio=0.3:mold=10'],
];

async function synthesize(): Promise<void> {
  await mkdir(VIDEOS, { recursive: true });
  for (const [name, source] of SAMPLES) {
    const out = join(VIDEOS, name);
    if (existsSync(out)) continue;
    process.stderr.write(`demo: making ${out}\n`);
    // prettier-ignore
    await execa('ffmpeg', ['-v', 'error', '-y', '-f', 'lavfi', '-i', source, '-f', 'lavfi', '-i', 'sine=frequency=330:duration=12',
      '-t', '10', '-c:v', 'libx264', '-preset', 'veryfast', '-pix_fmt', 'yuv420p', '-c:a', 'aac', '-shortest', out]);
  }
}

await synthesize();
await rm(GENERATED, { recursive: true, force: true });
await mkdir(GENERATED, { recursive: true });
const standin = await startStandin({ scenes: await libraryFromVideos(VIDEOS), generatedPath: GENERATED });
process.stdout.write(`Stash stand-in with ${standin.state.scenes.size} scenes at ${standin.url}\n\n`);
const steps = process.env.PHASHVAAPI_DEMO_STEPS ?? 'phash';
const code = await main(
  [
    'run',
    '--once',
    '--stash-url',
    standin.baseUrl,
    '--steps',
    steps,
    '--error-log',
    join(DEMO, 'errors.log'),
    '--log-level',
    'warn',
  ],
  createProcessDeps(),
);
process.stdout.write('\nWhat Stash now has:\n');
for (const scene of standin.state.scenes.values()) {
  for (const file of scene.files) {
    const phash = file.fingerprints.find((f) => f.type === 'phash');
    const hex = phash ? (typeof phash.value === 'bigint' ? phash.value.toString(16) : phash.value) : '(none)';
    process.stdout.write(`  scene ${scene.id}  phash ${String(hex).padEnd(16)}  ${file.path}\n`);
  }
}
await standin.close();
process.exitCode = code;
