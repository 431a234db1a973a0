// Go's strconv parsing with Go's error texts, because Stash passes them through to GraphQL errors
// (e.g. `converting phash 0xZZ: strconv.ParseUint: parsing "0xZZ": invalid syntax`).

const UINT64_MAX = (1n << 64n) - 1n;
const INT64_MAX = (1n << 63n) - 1n;

export class GoNumError extends Error {}

// Go's strconv.Quote for the strings we see (JSON quoting matches it for printable ASCII).
export function goQuote(s: string): string {
  return JSON.stringify(s);
}

function syntaxError(fn: string, s: string): GoNumError {
  return new GoNumError(`strconv.${fn}: parsing ${goQuote(s)}: invalid syntax`);
}

// strconv.ParseUint(s, base, 64) for base 10 or 16: no sign, no prefix, no underscores.
export function parseGoUint(s: string, base: 10 | 16): bigint {
  const digits = base === 16 ? /^[0-9a-fA-F]+$/ : /^[0-9]+$/;
  if (!digits.test(s)) throw syntaxError('ParseUint', s);
  const value = BigInt(base === 16 ? `0x${s}` : s);
  if (value > UINT64_MAX)
    throw new GoNumError(`strconv.ParseUint: parsing ${goQuote(s)}: value out of range`);
  return value;
}

// strconv.Atoi(s) (64-bit int).
export function goAtoi(s: string): number {
  if (!/^[+-]?[0-9]+$/.test(s)) throw syntaxError('Atoi', s);
  const value = BigInt(s);
  if (value > INT64_MAX || value < -INT64_MAX - 1n) {
    throw new GoNumError(`strconv.Atoi: parsing ${goQuote(s)}: value out of range`);
  }
  return Number(value);
}
