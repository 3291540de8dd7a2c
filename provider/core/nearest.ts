/**
 * "Did you mean": the known name a misspelt one was meant to be. Used for stack config keys
 * (`rollout:apiURL`) and resource arguments (`teamadmin`), which JavaScript programs and
 * YAML config get no compiler check for.
 */

/** Levenshtein distance, case-insensitive (a wrong case is the most common typo here). */
export function editDistance(a: string, b: string): number {
  const s = a.toLowerCase();
  const t = b.toLowerCase();
  let previous = Array.from({ length: t.length + 1 }, (_, j) => j);
  for (let i = 1; i <= s.length; i++) {
    const current = [i];
    for (let j = 1; j <= t.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (s[i - 1] === t[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[t.length];
}

/** The candidate closest to `name`, when it is close enough to be a typo (case, or a small edit). */
export function nearestName(name: string, candidates: readonly string[]): string | undefined {
  let best: { name: string; d: number } | undefined;
  for (const candidate of candidates) {
    const d = editDistance(name, candidate);
    if (!best || d < best.d) best = { name: candidate, d };
  }
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.name : undefined;
}
