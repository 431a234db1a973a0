// `npm run package-plugin`: builds what Stash installs. plugin/build/ gets
//   phashvaapi/       the plugin folder (manifest, Python launcher, bundled Node entry, README)
//   phashvaapi.zip    that folder's contents at the zip root (Stash extracts it into <id>/)
//   index.yml         a plugin-source index listing it (id, name, version, date, path, sha256)
// so the build folder can be served (or used as file://) as a Stash plugin source.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { copyFile, mkdir, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { stringify } from 'yaml';
import yazl from 'yazl';

export const PLUGIN_ID = 'phashvaapi';
const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SOURCES = ['phashvaapi.yml', 'phashvaapi_plugin.py', 'README.md'];
// A fixed time for every zip entry, so the same files give the same zip (and sha256).
const ZIP_MTIME = new Date('2020-01-01T00:00:00Z');

export interface PluginBuild {
  pluginDir: string;
  zipPath: string;
  indexPath: string;
  sha256: string;
  version: string;
  date: string;
}

// sharp (sprites) is native and not bundled; the phash path never loads it, and a step that
// does gets a clear error instead of a crash at start-up.
const sharpStub: Plugin = {
  name: 'sharp-stub',
  setup(b) {
    b.onResolve({ filter: /^sharp$/ }, () => ({ path: 'sharp', namespace: 'sharp-stub' }));
    b.onLoad({ filter: /.*/, namespace: 'sharp-stub' }, () => ({
      contents:
        "export default () => { throw new Error('sprites need the phashvaapi service: sharp is not bundled into the plugin'); };",
      loader: 'js',
    }));
  },
};

function git(args: string[]): string | null {
  try {
    return execFileSync('git', args, {
      cwd: REPO_ROOT,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
  } catch {
    return null;
  }
}

// "2006-01-02 15:04:05" in UTC, the form Stash's package index expects.
export function formatIndexDate(date: Date): string {
  return date.toISOString().slice(0, 19).replace('T', ' ');
}

async function bundleEntry(outFile: string): Promise<void> {
  await build({
    entryPoints: [join(REPO_ROOT, 'plugin/entry.ts')],
    outfile: outFile,
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    legalComments: 'none',
    logLevel: 'warning',
    plugins: [sharpStub],
    // CommonJS dependencies call require() for Node's modules; give the ESM bundle one.
    banner: {
      js: "import { createRequire as __phashvaapiRequire } from 'node:module'; const require = __phashvaapiRequire(import.meta.url);",
    },
  });
}

async function writeZip(dir: string, zipPath: string): Promise<void> {
  const zip = new yazl.ZipFile();
  for (const name of (await readdir(dir)).sort()) {
    zip.addBuffer(await readFile(join(dir, name)), name, {
      mtime: ZIP_MTIME,
      mode: name.endsWith('.py') ? 0o100755 : 0o100644,
    });
  }
  zip.end();
  await new Promise<void>((resolveDone, reject) => {
    zip.outputStream.pipe(createWriteStream(zipPath)).on('close', resolveDone).on('error', reject);
  });
}

// Builds the plugin folder, zip and index into `outDir` (default plugin/build).
export async function buildPlugin(outDir = join(REPO_ROOT, 'plugin/build')): Promise<PluginBuild> {
  const pluginDir = join(outDir, PLUGIN_ID);
  await rm(outDir, { recursive: true, force: true });
  await mkdir(pluginDir, { recursive: true });
  for (const name of SOURCES) await copyFile(join(REPO_ROOT, 'plugin', name), join(pluginDir, name));
  await bundleEntry(join(pluginDir, `${PLUGIN_ID}.mjs`));
  const zipPath = join(outDir, `${PLUGIN_ID}.zip`);
  await writeZip(pluginDir, zipPath);
  const sha256 = createHash('sha256')
    .update(await readFile(zipPath))
    .digest('hex');
  const pkg = JSON.parse(await readFile(join(REPO_ROOT, 'package.json'), 'utf8')) as {
    version: string;
    description: string;
  };
  const commit = git(['rev-parse', '--short=7', 'HEAD']);
  const committed = git(['log', '-1', '--format=%cI']);
  const version = commit ? `${pkg.version}-${commit}` : pkg.version;
  const date = formatIndexDate(committed ? new Date(committed) : new Date());
  const index = [
    {
      id: PLUGIN_ID,
      name: 'phashvaapi',
      metadata: { description: pkg.description },
      version,
      date,
      path: `${PLUGIN_ID}.zip`,
      sha256,
    },
  ];
  const indexPath = join(outDir, 'index.yml');
  await writeFile(indexPath, stringify(index));
  return { pluginDir, zipPath, indexPath, sha256, version, date };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = process.argv[2];
  // An option is never a folder name: `npm run package-plugin -- --help` once wrote into `./--help`.
  if (arg?.startsWith('-')) {
    console.log('usage: npm run package-plugin [-- OUT_DIR]   (default: plugin/build)');
    process.exit(arg === '--help' || arg === '-h' ? 0 : 2);
  }
  buildPlugin(arg ? resolve(arg) : undefined).then(
    (b) =>
      console.log(
        `plugin ${b.version} (${b.date}) → ${b.pluginDir}\nzip ${b.zipPath} sha256 ${b.sha256}\nplugin source index: ${b.indexPath}`,
      ),
    (error: unknown) => {
      console.error(error);
      process.exitCode = 1;
    },
  );
}
