/** "Did you mean" for an unknown field name: the registry's names within a small edit distance. */

export function suggestNames(name: string, known: Iterable<string>, max = 3): string[] {
  const limit = Math.max(1, Math.min(3, Math.floor(name.length / 3)));
  const scored: [number, string][] = [];
  for (const k of known) {
    if (Math.abs(k.length - name.length) > limit) continue;
    const d = distance(name.toLowerCase(), k.toLowerCase(), limit);
    if (d <= limit) scored.push([d, k]);
  }
  scored.sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1]));
  return scored.slice(0, max).map(([, k]) => k);
}

/** Levenshtein distance, giving up (returning limit + 1) once every path exceeds `limit`. */
function distance(a: string, b: string, limit: number): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
      best = Math.min(best, cur[j]);
    }
    if (best > limit) return limit + 1;
    prev = cur;
  }
  return prev[b.length];
}
