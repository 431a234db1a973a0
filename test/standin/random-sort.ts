// Stash's seeded shuffle, evaluated the way SQLite evaluates it.
// mirrors stash pkg/sqlite/sql.go getRandomSort:
//   ORDER BY mod((id + s) * (id + s) * 52959209 + (id + s) * 1047483763, 2147483647), s = seed % 1e8
// SQLite does integer arithmetic in int64 and, when an operation overflows, redoes that operation in
// float64 (vdbe.c OP_Multiply/OP_Add "fp_math"); mod() (SQLITE_ENABLE_MATH_FUNCTIONS) converts both
// arguments to double and returns fmod(). With seeds near 1e8 every product overflows, so a plain
// BigInt evaluation would give a different order than Stash.

const INT64_MAX = (1n << 63n) - 1n;
const INT64_MIN = -(1n << 63n);

/** An SQLite value: INTEGER (bigint) or REAL (number). */
export type SqlNumber = bigint | number;

function toReal(v: SqlNumber): number {
  return typeof v === 'bigint' ? Number(v) : v;
}

function intOrReal(
  exact: bigint,
  a: SqlNumber,
  b: SqlNumber,
  real: (x: number, y: number) => number,
): SqlNumber {
  if (exact > INT64_MAX || exact < INT64_MIN) return real(toReal(a), toReal(b));
  return exact;
}

// SQLite's `a * b`.
export function sqlMul(a: SqlNumber, b: SqlNumber): SqlNumber {
  if (typeof a === 'bigint' && typeof b === 'bigint') return intOrReal(a * b, a, b, (x, y) => x * y);
  return toReal(a) * toReal(b);
}

// SQLite's `a + b`.
export function sqlAdd(a: SqlNumber, b: SqlNumber): SqlNumber {
  if (typeof a === 'bigint' && typeof b === 'bigint') return intOrReal(a + b, a, b, (x, y) => x + y);
  return toReal(a) + toReal(b);
}

// SQLite's math-function mod(a, b): fmod on doubles (JS `%` on numbers is exactly C fmod).
export function sqlMod(a: SqlNumber, b: SqlNumber): number {
  return toReal(a) % toReal(b);
}

const P1 = 52959209n;
const P2 = 1047483763n;
const P3 = 2147483647n;

// The ORDER BY key Stash computes for one scene id.
export function randomSortKey(id: number, seed: bigint): number {
  return randomSortKeys(seed)(id);
}

// The key function for one seed (the seed reduction done once, for sorting many rows).
export function randomSortKeys(seed: bigint): (id: number) => number {
  const s = Number(seed % 100_000_000n);
  return (id) => fastKey(id, s, seed);
}

function fastKey(id: number, s: number, seed: bigint): number {
  const x = id + s;
  // x * x fits int64; as a double it is the exact product rounded to nearest, which is what
  // SQLite's (double)int64 conversion gives when the next multiplication overflows.
  const a = x * x * 52959209;
  // Fast paths where doubles give SQLite's exact result: everything below 2^53 (no rounding), or
  // a certain int64 overflow of x*x*P1, after which SQLite itself computes in doubles.
  if (a + x * 1047483763 < 2 ** 53 || a > 9.3e18) return (a + x * 1047483763) % 2147483647;
  return randomSortKeyExact(id, seed);
}

// The same key by emulating each SQLite operation (used near the int64 overflow boundary).
export function randomSortKeyExact(id: number, seed: bigint): number {
  const s = seed % 100_000_000n;
  const x = BigInt(id) + s;
  return sqlMod(sqlAdd(sqlMul(sqlMul(x, x), P1), sqlMul(x, P2)), P3);
}

// The seed of a "random_<seed>" sort (Go strconv.ParseUint(s, 10, 64)); null when it does not parse,
// in which case Stash silently uses a random seed.
export function parseRandomSeed(sort: string): bigint | null {
  const digits = sort.slice('random_'.length);
  if (!/^[0-9]+$/.test(digits)) return null;
  const seed = BigInt(digits);
  return seed <= (1n << 64n) - 1n ? seed : null;
}

// A random uint64 seed (Go rand.Uint64) from a [0,1) source.
export function randomSeed(random: () => number): bigint {
  const hi = BigInt(Math.floor(random() * 2 ** 32));
  const lo = BigInt(Math.floor(random() * 2 ** 32));
  return (hi << 32n) | lo;
}
