// `phashvaapi run` end to end with real ffmpeg on reference videos, the dry-run audit, bad files
// and a Stash that cannot be used.
import { copyFile, mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Kind, type DocumentNode } from 'graphql';
import { afterAll, describe, expect, it } from 'vitest';
import * as operations from '../../../src/stash/generated/graphql.js';
import { libraryFromVideos } from '../../standin/library.js';
import { startStandin, type Standin } from '../../standin/server.js';
import { runCli } from '../../helpers/cli.js';
import { corpusContext } from '../../helpers/corpus-context.js';
import { cleanEnv, leftoverClaims } from '../../helpers/worker-harness.js';

const corpus = corpusContext();
// Every mutation the client can send, read from the operation documents themselves.
const MUTATIONS = new Set(
  Object.values(operations).flatMap((doc) =>
    typeof doc === 'object' && doc !== null && 'definitions' in doc
      ? (doc as DocumentNode).definitions.flatMap((d) =>
          d.kind === Kind.OPERATION_DEFINITION && d.operation === 'mutation' && d.name ? [d.name.value] : [],
        )
      : [],
  ),
);
const PICK = ['c01', 'c11', 'c24', 'c26'];
const opened: Standin[] = [];
afterAll(async () => Promise.all(opened.map((s) => s.close())));

async function standinWith(...args: Parameters<typeof startStandin>): Promise<Standin> {
  const s = await startStandin(...args);
  opened.push(s);
  return s;
}

function phashOf(standin: Standin, sceneId: number): bigint | null {
  const fp = standin.state.scenes.get(sceneId)?.files[0]?.fingerprints.find((f) => f.type === 'phash');
  return fp ? BigInt(fp.value) : null;
}

async function env(): Promise<NodeJS.ProcessEnv> {
  return { ...cleanEnv(), HOME: await mkdtemp(join(tmpdir(), 'phashvaapi-home-')) };
}

describe.skipIf(!corpus.available)(`run --once on reference videos ${corpus.reason}`, () => {
  it("stores Stash's phash for each scene, the same as `phashvaapi hash`, and leaves no claim", async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-videos-'));
    const files = corpus.files.filter((f) => PICK.some((p) => f.recipe.startsWith(p)));
    expect(files).toHaveLength(PICK.length);
    for (const f of files) await copyFile(corpus.pathOf(f.file), join(dir, f.file));
    const standin = await standinWith({ scenes: await libraryFromVideos(dir) });
    const work = await mkdtemp(join(tmpdir(), 'phashvaapi-work-'));
    const r = await runCli(
      ['run', '--once', '--stash-url', standin.baseUrl, '--error-log', join(work, 'e.log')],
      { env: await env(), extendEnv: false },
    );
    expect(r.exitCode, r.stderr).toBe(0);
    const hashed = await runCli(['hash', ...files.map((f) => join(dir, f.file))], {
      env: await env(),
      extendEnv: false,
    });
    const cliHashes = new Map(
      hashed.stdout
        .trim()
        .split('\n')
        .map((l) => l.split('  ').reverse() as [string, string]),
    );
    for (const scene of standin.state.scenes.values()) {
      const file = scene.files[0]!;
      const expected = corpus.files.find((f) => file.path.endsWith(f.file))!;
      expect(phashOf(standin, scene.id), file.path).toBe(BigInt(`0x${expected.phash}`));
      expect(phashOf(standin, scene.id)).toBe(BigInt(`0x${cliHashes.get(file.path)}`));
      expect(r.stdout).toContain(`scene ${scene.id}: done`);
    }
    expect(leftoverClaims(standin)).toEqual({ tags: 0, scenes: 0 });
  }, 180_000);
});

describe('run --dry-run', () => {
  it('writes nothing at all and reports what a batch would do', async () => {
    const standin = await standinWith({
      scenes: [
        { title: 'needs one', files: [{ path: '/data/a.mp4', duration: 10, oshash: '0123456789abcdef' }] },
        {
          title: 'has one',
          files: [{ path: '/data/b.mp4', duration: 10, oshash: '1123456789abcdef', phash: 'ff' }],
        },
      ],
    });
    const work = await mkdtemp(join(tmpdir(), 'phashvaapi-work-'));
    const before = standin.snapshot();
    const args = ['run', '--dry-run', '--stash-url', standin.baseUrl, '--error-log', join(work, 'e.log')];
    const text = await runCli(args, { env: await env(), extendEnv: false });
    expect(text.exitCode, text.stderr).toBe(0);
    expect(text.stdout).toMatch(/scenes missing a phash\s+1/);
    expect(text.stdout).toContain('scene 1 "needs one"');
    expect(text.stdout).toContain(
      '$ ffmpeg -v error -y -ss 0.5 -i /data/a.mp4 -frames:v 1 -vf scale=160:-2 -c:v bmp -f rawvideo -',
    );
    const json = await runCli([...args, '--json'], { env: await env(), extendEnv: false });
    const report = JSON.parse(json.stdout) as {
      library: { missingPhash: number };
      batch: { plans: { commands: string[] }[] }[];
    };
    expect(report.library.missingPhash).toBe(1);
    expect(report.batch[0]!.plans[0]!.commands).toHaveLength(25);
    expect(standin.snapshot()).toBe(before);
    const writes = standin.requests.filter((r) => MUTATIONS.has(r.operationName ?? ''));
    expect(
      writes.map((r) => r.operationName),
      'the dry run sent writes to Stash',
    ).toEqual([]);
    expect([...MUTATIONS]).toEqual(
      expect.arrayContaining(['CreateTag', 'UpdateTagDescription', 'SetFilePhash']),
    );
    await expect(readFile(join(work, 'e.log'))).rejects.toThrow();
  }, 60_000);
});

describe('bad files', () => {
  it('tags each bad scene, logs it, and still does the good ones', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'phashvaapi-bad-'));
    await writeFile(join(dir, 'zero.mp4'), '');
    await writeFile(join(dir, 'corrupt.mp4'), Buffer.alloc(70_000, 7));
    const good = join(dir, 'good.mp4');
    const { execa } = await import('execa');
    await execa('ffmpeg', [
      '-v',
      'error',
      '-f',
      'lavfi',
      '-i',
      'testsrc2=size=320x240:rate=10:duration=2',
      '-pix_fmt',
      'yuv420p',
      good,
    ]);
    const standin = await standinWith({
      scenes: [
        { files: [{ path: join(dir, 'missing.mp4'), duration: 2 }] },
        { files: [{ path: join(dir, 'zero.mp4'), duration: 2 }] },
        { files: [{ path: join(dir, 'corrupt.mp4'), duration: 2 }] },
        { files: [{ path: good, duration: 2 }] },
      ],
    });
    const log = join(dir, 'logs', 'errors.log');
    const r = await runCli(['run', '--once', '--stash-url', standin.baseUrl, '--error-log', log], {
      env: await env(),
      extendEnv: false,
    });
    expect(r.exitCode).toBe(1);
    const errorTag = [...standin.state.tags.values()].find((t) => t.name === 'phashvaapi error')!;
    for (const id of [1, 2, 3]) expect(standin.state.scenes.get(id)!.tagIds).toContain(errorTag.id);
    expect(standin.state.scenes.get(4)!.tagIds).not.toContain(errorTag.id);
    expect(phashOf(standin, 4)).not.toBeNull();
    const lines = (await readFile(log, 'utf8'))
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as Record<string, string>);
    expect(lines.map((l) => l.sceneId).sort()).toEqual(['1', '2', '3']);
    for (const l of lines) {
      expect(l).toMatchObject({ step: 'phash' });
      expect(Date.parse(l.time!)).not.toBeNaN();
      expect(l.file).toMatch(/(missing|zero|corrupt)\.mp4$/);
      expect(l.reason!.length).toBeGreaterThan(10);
    }
    expect(lines.find((l) => l.sceneId === '1')!.reason).toMatch(/missing or not readable/);
    expect(leftoverClaims(standin)).toEqual({ tags: 0, scenes: 0 });

    // A second run skips error-tagged scenes: nothing left to do, nothing failed.
    const again = await runCli(['run', '--once', '--stash-url', standin.baseUrl, '--error-log', log], {
      env: await env(),
      extendEnv: false,
    });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toContain('0 claimed of 0 candidates');
  }, 120_000);
});

describe('a Stash that cannot be used', () => {
  it('refuses a wrong API key clearly, without printing it', async () => {
    const standin = await standinWith({ apiKey: 'the-right-key-123' });
    const r = await runCli(['run', '--once', '--stash-url', standin.baseUrl, '--api-key', 'wrong-key-456'], {
      env: await env(),
      extendEnv: false,
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/refused the API key \(HTTP 401\)/);
    expect(r.stderr + r.stdout).not.toContain('wrong-key-456');
  });

  it('says when Stash is unreachable', async () => {
    const r = await runCli(['run', '--once', '--stash-url', 'http://127.0.0.1:9', '--retries', '0'], {
      env: await env(),
      extendEnv: false,
    });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/Stash at http:\/\/127\.0\.0\.1:9\/graphql is unreachable/);
  });

  it('refuses a Stash whose schema lacks what we need, naming it', async () => {
    const standin = await standinWith({ version: { version: 'v0.20.0' } });
    // A proxy that answers like an old Stash: no Mutation.fileSetFingerprints.
    const proxy = createServer(async (req, res) => {
      const chunks: Buffer[] = [];
      for await (const c of req) chunks.push(c as Buffer);
      const upstream = await fetch(standin.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: Buffer.concat(chunks),
      });
      const body = (await upstream.json()) as { data?: { mutationType?: { fields: { name: string }[] } } };
      const m = body.data?.mutationType;
      if (m) m.fields = m.fields.filter((f) => f.name !== 'fileSetFingerprints');
      res.writeHead(upstream.status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
    });
    await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
    const port = (proxy.address() as { port: number }).port;
    try {
      const r = await runCli(['run', '--once', '--stash-url', `http://127.0.0.1:${port}`], {
        env: await env(),
        extendEnv: false,
      });
      expect(r.exitCode).toBe(1);
      expect(r.stderr).toContain('v0.20.0 lacks Mutation.fileSetFingerprints (added in v0.24.0)');
    } finally {
      proxy.close();
    }
  });

  it('rejects a bad config value with exit code 2', async () => {
    const r = await runCli(['run', '--batch-size', '0'], { env: await env(), extendEnv: false });
    expect(r.exitCode).toBe(2);
    expect(r.stderr).toMatch(/batchSize/);
  });
});
