// Logging the way Stash reads a plugin's stderr (stash pkg/plugin/common/log/log.go,
// pkg/logger/plugin.go): "\x01" + level + "\x02" + text per line, progress as a float in 0..1.
// Unprefixed lines would show as errors, and a line over 64 KiB stops Stash reading the log.
import {
  createFunctionLogger,
  type LogFields,
  type LogLevel,
  type Logger,
} from '../../src/observability/logger.js';

const LEVEL_CHAR: Record<LogLevel, string> = { debug: 'd', info: 'i', warn: 'w', error: 'e' };
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
const MAX_LINE = 8000;

// One or more prefixed lines (each line of a multi-line message gets the prefix).
export function stashLogLines(level: LogLevel, text: string): string {
  return text
    .split(/\r?\n/)
    .map((line) => `\x01${LEVEL_CHAR[level]}\x02${line.slice(0, MAX_LINE)}\n`)
    .join('');
}

// A progress line; the fraction is clamped to 0..1.
export function progressLine(fraction: number): string {
  const p = Number.isFinite(fraction) ? Math.min(1, Math.max(0, fraction)) : 0;
  return `\x01p\x02${p.toFixed(4)}\n`;
}

function formatFields(fields: LogFields): string {
  return Object.entries(fields)
    .filter(([, v]) => v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`)
    .join(' ');
}

// A Logger writing Stash's protocol through `write`, dropping levels below `level`.
export function createStashLogger(write: (text: string) => void, level: LogLevel = 'info'): Logger {
  return createFunctionLogger((lvl, message, fields) => {
    if (RANK[lvl] < RANK[level]) return;
    const extra = formatFields(fields);
    write(stashLogLines(lvl, extra ? `${message} (${extra})` : message));
  });
}
