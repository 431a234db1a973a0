// "Did you mean ...?" for misspelt option names.

// The candidate closest to `input` (ignoring case, `-` and `_`), if it is close enough to be a typo.
export function suggestName(input: string, candidates: readonly string[]): string | null {
  const wanted = normalise(input);
  let best: string | null = null;
  let bestDistance = Math.max(1, Math.floor(wanted.length / 4));
  for (const candidate of candidates) {
    const distance = editDistance(wanted, normalise(candidate));
    if (distance <= bestDistance && (best === null || distance < bestDistance)) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function normalise(name: string): string {
  return name.toLowerCase().replace(/[-_]/g, '');
}

// Levenshtein distance, one row at a time.
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const substitution = (previous[j - 1] ?? 0) + (a[i - 1] === b[j - 1] ? 0 : 1);
      current.push(Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, substitution));
    }
    previous = current;
  }
  return previous[b.length] ?? 0;
}
