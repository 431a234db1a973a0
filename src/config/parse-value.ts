// Value parsers for the option table. Each takes what a layer supplied (a flag's or an
// environment variable's text, or a YAML value) and returns the typed value, or throws
// InvalidValueError saying what was expected; resolve.ts adds which option and layer.

// A value that does not fit its option; `detail`, when set, says what is wrong with it and is
// shown instead of the value.
export class InvalidValueError extends Error {
  readonly expected: string;
  readonly got: unknown;
  readonly detail: string | null;
  constructor(expected: string, got: unknown, detail: string | null = null) {
    super(`expected ${expected}`);
    this.name = 'InvalidValueError';
    this.expected = expected;
    this.got = got;
    this.detail = detail;
  }
}

export type ValueParser<T> = (raw: unknown) => T;

const TRUE_WORDS = new Set(['true', '1', 'yes', 'on']);
const FALSE_WORDS = new Set(['false', '0', 'no', 'off']);

// A non-empty string, kept as given.
export function parseText(raw: unknown): string {
  if (typeof raw !== 'string' || raw.trim() === '') throw new InvalidValueError('a non-empty string', raw);
  return raw;
}

// A whole number >= min; numeric text is accepted (environment variables are always text).
export function parseInteger(min: 0 | 1): ValueParser<number> {
  const expected = min === 1 ? 'a positive integer' : 'an integer >= 0';
  return (raw) => {
    const n = toNumber(raw);
    if (n === null || !Number.isSafeInteger(n) || n < min) throw new InvalidValueError(expected, raw);
    return n;
  };
}

// A number of seconds > 0 (fractions allowed).
export function parseSeconds(raw: unknown): number {
  const n = toNumber(raw);
  if (n === null || !Number.isFinite(n) || n <= 0)
    throw new InvalidValueError('a positive number of seconds', raw);
  return n;
}

// true/false, or the text forms 1/0, yes/no, on/off (any case).
export function parseBoolean(raw: unknown): boolean {
  if (typeof raw === 'boolean') return raw;
  const word = typeof raw === 'string' ? raw.trim().toLowerCase() : null;
  if (word !== null && TRUE_WORDS.has(word)) return true;
  if (word !== null && FALSE_WORDS.has(word)) return false;
  throw new InvalidValueError('a boolean (true/false, yes/no, on/off, 1/0)', raw);
}

// One of `choices`, exactly as spelled there.
export function parseChoice<T extends string>(choices: readonly T[]): ValueParser<T> {
  return (raw) => {
    if (typeof raw === 'string' && (choices as readonly string[]).includes(raw.trim()))
      return raw.trim() as T;
    throw new InvalidValueError(`one of ${formatChoices(choices)}`, raw);
  };
}

// A non-empty list of `choices` (a YAML list, or text separated by commas), de-duplicated and
// put in the order of `choices`.
export function parseChoiceList<T extends string>(choices: readonly T[]): ValueParser<readonly T[]> {
  const expected = `a non-empty list of ${formatChoices(choices)}`;
  return (raw) => {
    const items = toList(raw, expected).flatMap((item) => splitList(item, ','));
    const unknown = items.find((item) => !(choices as readonly string[]).includes(item));
    if (unknown !== undefined)
      throw new InvalidValueError(expected, raw, `\`${unknown}\` is not one of them`);
    if (items.length === 0) throw new InvalidValueError(expected, raw);
    return choices.filter((choice) => items.includes(choice));
  };
}

// A list of strings: a YAML list is taken item by item; text is split on newlines if it has
// any, otherwise on commas. Empty items are dropped.
export function toList(raw: unknown, expected: string): string[] {
  if (typeof raw === 'string') return splitList(raw, raw.includes('\n') ? /\r?\n/ : ',');
  if (Array.isArray(raw) && raw.every((item) => typeof item === 'string')) {
    return raw.map((item: string) => item.trim()).filter((item) => item !== '');
  }
  throw new InvalidValueError(expected, raw);
}

function splitList(text: string, separator: string | RegExp): string[] {
  return text
    .split(separator)
    .map((item) => item.trim())
    .filter((item) => item !== '');
}

function toNumber(raw: unknown): number | null {
  if (typeof raw === 'number') return raw;
  if (typeof raw === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)\s*$/.test(raw)) return Number(raw);
  return null;
}

// `a`, `b` or `c`.
export function formatChoices(choices: readonly string[]): string {
  const quoted = choices.map((c) => `\`${c}\``);
  return quoted.length < 2 ? quoted.join('') : `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`;
}
