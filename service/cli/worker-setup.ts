// Everything a Stash-facing command needs, from the resolved config: logger (secrets redacted),
// Stash client, a compatibility check, Stash's configuration, checked path mappings.
import { access, constants } from 'node:fs/promises';
import pLimit from 'p-limit';
import type { Config } from '../../src/config/types.js';
import { ConfigError } from '../../src/errors.js';
import type { PipeRunner, ProcessRunner } from '../../src/media/run-process.js';
import { createConsoleLogger, redact, type Logger } from '../../src/observability/logger.js';
import type { WorkerContext } from '../../src/pipeline/context.js';
import { lazyEncoderChoice } from '../../src/pipeline/encoder-choice.js';
import { toLocalPath } from '../../src/pipeline/path-map.js';
import { getConfiguration } from '../../src/stash/api.js';
import { createStashClient, type StashClient } from '../../src/stash/client.js';
import { checkStashCompatibility, type StashCompatibility } from '../../src/stash/compatibility.js';

export interface SetupDeps {
  run: ProcessRunner;
  runPipe?: PipeRunner | undefined;
  signal: AbortSignal;
  logger?: Logger;
  isTTY: boolean;
}

export interface WorkerSetup {
  ctx: Omit<WorkerContext, 'fence'>;
  compatibility: StashCompatibility;
  close: () => Promise<void>;
}

// A logger for the config: JSON lines unless on a TTY (or --json), never showing secrets.
export function createLogger(config: Config, isTTY: boolean): Logger {
  redact(config.apiKey);
  redact(config.sessionCookie);
  return createConsoleLogger({ level: config.logLevel, json: config.json || !isTTY });
}

// A Stash client for the config.
export function createClient(config: Config, logger: Logger): StashClient {
  redact(config.apiKey);
  redact(config.sessionCookie);
  return createStashClient({
    url: `${config.stashUrl}/graphql`,
    apiKey: config.apiKey,
    sessionCookie: config.sessionCookie,
    timeoutMs: config.requestTimeoutSeconds * 1000,
    retries: config.retries,
    logger,
  });
}

// Checks every local prefix of the path mappings exists and is readable.
export async function checkPathMappings(config: Config): Promise<void> {
  for (const m of config.pathMap) {
    await access(m.localPrefix, constants.R_OK).catch(() => {
      throw new ConfigError(
        `path mapping ${m.stashPrefix}=${m.localPrefix}: ${m.localPrefix} does not exist or is not readable here`,
      );
    });
  }
}

// Connects to Stash and builds the worker context (no writes).
export async function setupWorker(config: Config, deps: SetupDeps): Promise<WorkerSetup> {
  const logger = deps.logger ?? createLogger(config, deps.isTTY);
  await checkPathMappings(config);
  const client = createClient(config, logger);
  try {
    const compatibility = await checkStashCompatibility(client);
    const stash = await getConfiguration(client);
    const generatedDir =
      config.generatedDir ?? (stash.generatedPath ? toLocalPath(stash.generatedPath, config.pathMap) : null);
    logger.info('connected to Stash', { url: config.stashUrl, version: compatibility.version });
    return {
      ctx: {
        config,
        client,
        logger,
        run: deps.run,
        runPipe: deps.runPipe,
        cpuLimit: pLimit(config.concurrency),
        stash,
        generatedDir,
        signal: deps.signal,
        encoder: lazyEncoderChoice(config.hwaccel, deps.run, config.ffmpegPath, logger),
      },
      compatibility,
      close: () => client.close(),
    };
  } catch (error) {
    await client.close();
    throw error;
  }
}
