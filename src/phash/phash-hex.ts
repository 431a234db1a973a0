// The text form of a phash as Stash's GraphQL speaks it (pkg/models/fingerprint.go Value():
// strconv.FormatUint(uint64(v), 16); fileSetFingerprints: strconv.ParseUint(s, 16, 64)).

const MASK64 = (1n << 64n) - 1n;
const HEX_PHASH = /^[0-9a-f]{1,16}$/i;

// Lowercase hex without 0x and without zero padding; a signed int64 (the DB value) is read as its
// unsigned bit pattern, as Stash's uint64(v) does.
export function formatPhash(h: bigint): string {
  return BigInt.asUintN(64, h).toString(16);
}

// Parses 1..16 hex digits in either case (zero padding optional, no 0x, no sign) into an unsigned
// 64-bit bigint; anything else throws.
export function parsePhash(s: string): bigint {
  if (!HEX_PHASH.test(s)) throw new Error(`invalid phash ${JSON.stringify(s)}: expected 1-16 hex digits`);
  return BigInt(`0x${s}`);
}

function popcount32(v: number): number {
  v -= (v >>> 1) & 0x55555555;
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return Math.imul((v + (v >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

// Number of differing bits between two 64-bit hashes (signed or unsigned views alike).
export function hammingDistance(a: bigint, b: bigint): number {
  const x = (a ^ b) & MASK64;
  return popcount32(Number(x >> 32n)) + popcount32(Number(x & 0xffffffffn));
}
