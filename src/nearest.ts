// The nearest of some known names to a name that is none of them, for "did you mean …?" in messages
// (config keys, Azure regions, time zones). Levenshtein distance: one insertion, deletion or
// substitution is 1.

export function editDistance(a: string, b: string): number {
  const d = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0]!;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = d[j]!;
      d[j] = Math.min(d[j]! + 1, d[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return d[b.length]!;
}

/**
 * The known name nearest to `name` when it is near enough (at most 2 edits, or a third of the known
 * name's length), else undefined; the first of equally near names. `key` normalises both sides
 * before they are compared (default: trimmed, lower case).
 */
export function nearest<T extends string>(
  name: string,
  known: readonly T[],
  key: (s: string) => string = (s) => s.trim().toLowerCase(),
): T | undefined {
  const k = key(name);
  let best: { name: T; d: number } | undefined;
  for (const n of known) {
    const d = editDistance(k, key(n));
    if (d <= Math.max(2, Math.floor(key(n).length / 3)) && (!best || d < best.d)) best = { name: n, d };
  }
  return best?.name;
}
