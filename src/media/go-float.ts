// Formats a float64 exactly as Go's fmt.Sprint(float64), i.e. strconv.FormatFloat(x, 'g', -1, 64).
// Stash prints every -ss/-t value this way (stash pkg/ffmpeg/args.go) and the phash depends on the
// frames those seeks select, so our strings must match to the character.
//
// JS String(x) yields the same shortest round-trip digits; only the switch to exponent form
// differs. Go's 'g' with shortest precision uses exponent form iff the decimal exponent is < -4
// or >= 6 (strconv/ftoa.go: `if shortest { eprec = 6 }`), with at least two exponent digits.
export function goFloatString(x: number): string {
  if (Number.isNaN(x)) return 'NaN';
  if (x === Infinity) return '+Inf';
  if (x === -Infinity) return '-Inf';
  if (x === 0) return Object.is(x, -0) ? '-0' : '0';

  const [mantissa, expPart] = x.toExponential().split('e') as [string, string];
  const exp = Number(expPart);
  if (exp < -4 || exp >= 6) {
    const sign = exp < 0 ? '-' : '+';
    return `${mantissa}e${sign}${String(Math.abs(exp)).padStart(2, '0')}`;
  }
  // Within 1e-4 <= |x| < 1e6 JS never uses exponent form, and its digits are Go's.
  return String(x);
}
