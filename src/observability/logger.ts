// Structured logging. Everything logs through this interface so the CLI (winston: pretty on a
// TTY, JSON lines otherwise), the plugin (Stash's \x01<level>\x02 stderr protocol) and tests
// (memory) can each supply their own sink. Secrets registered with redact() never reach a sink.
import winston from 'winston';

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(message: string, fields?: LogFields): void;
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const secrets = new Set<string>();

// Registers a value (an API key, a session cookie) that must never appear in any log line.
export function redact(secret: string | null | undefined): void {
  if (secret && secret.length >= 4) secrets.add(secret);
}

// Replaces every registered secret in a string with "***".
export function scrub(text: string): string {
  let out = text;
  for (const s of secrets) out = out.split(s).join('***');
  return out;
}

function scrubFields(fields: LogFields | undefined): LogFields | undefined {
  if (!fields || secrets.size === 0) return fields;
  return JSON.parse(scrub(JSON.stringify(fields, errorReplacer))) as LogFields;
}

function errorReplacer(_key: string, value: unknown): unknown {
  if (value instanceof Error) return { name: value.name, message: value.message };
  if (typeof value === 'bigint') return value.toString();
  return value;
}

// A logger built from a single write function; used by every sink below.
export function createFunctionLogger(
  write: (level: LogLevel, message: string, fields: LogFields) => void,
  base: LogFields = {},
): Logger {
  const emit = (level: LogLevel) => (message: string, fields?: LogFields) =>
    write(level, scrub(message), { ...base, ...(scrubFields(fields) ?? {}) });
  return {
    debug: emit('debug'),
    info: emit('info'),
    warn: emit('warn'),
    error: emit('error'),
    child: (fields) => createFunctionLogger(write, { ...base, ...fields }),
  };
}

export interface ConsoleLoggerOptions {
  level: LogLevel;
  /** JSON lines (services, pipes) or human-readable (a TTY). */
  json: boolean;
  stream?: NodeJS.WritableStream;
}

// Winston-backed logger writing to stderr (stdout stays free for command output).
export function createConsoleLogger(options: ConsoleLoggerOptions): Logger {
  const format = options.json
    ? winston.format.combine(winston.format.timestamp(), winston.format.json({ replacer: errorReplacer }))
    : winston.format.combine(
        winston.format.timestamp({ format: 'HH:mm:ss' }),
        winston.format.colorize(),
        winston.format.printf(({ level, message, timestamp, ...rest }) => {
          const extra = Object.entries(rest)
            .filter(([k]) => typeof k === 'string')
            .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v, errorReplacer)}`)
            .join(' ');
          return `${String(timestamp)} ${level} ${String(message)}${extra ? ` ${extra}` : ''}`;
        }),
      );
  const w = winston.createLogger({
    level: options.level,
    format,
    transports: [new winston.transports.Stream({ stream: options.stream ?? process.stderr })],
  });
  return createFunctionLogger((level, message, fields) => w.log(level, message, fields));
}

export interface MemoryLogEntry {
  level: LogLevel;
  message: string;
  fields: LogFields;
}

// Collects log entries in memory (tests).
export function createMemoryLogger(): Logger & { entries: MemoryLogEntry[] } {
  const entries: MemoryLogEntry[] = [];
  const logger = createFunctionLogger((level, message, fields) => entries.push({ level, message, fields }));
  return Object.assign(logger, { entries });
}

export const silentLogger: Logger = createFunctionLogger(() => undefined);
