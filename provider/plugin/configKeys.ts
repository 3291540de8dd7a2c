/**
 * Config keys in a service's namespace that no setting reads: a typo (`rollout:apiURL`,
 * `rollout:apitoken`) would otherwise be ignored silently and the default or "missing"
 * would follow. Pure: the caller passes the stack's keys and the known settings.
 */

/** Levenshtein distance, case-insensitive (a wrong case is the most common typo here). */
function distance(a: string, b: string): number {
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

/** The known key closest to `key` in the same namespace, when it is close enough to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const namespace = key.slice(0, key.indexOf(":") + 1);
  let best: { key: string; d: number } | undefined;
  for (const candidate of known) {
    if (!candidate.startsWith(namespace)) continue;
    const d = distance(key.slice(namespace.length), candidate.slice(namespace.length));
    if (!best || d < best.d) best = { key: candidate, d };
  }
  const name = key.slice(namespace.length);
  return best && best.d <= Math.max(2, Math.floor(name.length / 3)) ? best.key : undefined;
}

/** One warning per key of `keys` that is in one of `namespaces` and is not `known`. */
export function unknownKeyWarnings(keys: readonly string[], namespaces: readonly string[], known: readonly string[]): string[] {
  const knownSet = new Set(known);
  return keys
    .filter((key) => namespaces.some((ns) => key.startsWith(`${ns}:`)) && !knownSet.has(key))
    .sort()
    .map((key) => {
      const near = nearestKey(key, known);
      const hint = near ? `did you mean '${near}'?` : `the known keys are ${known.filter((k) => k.startsWith(key.slice(0, key.indexOf(":") + 1))).join(", ")}`;
      return `pulumi-rollout-crm: the stack config '${key}' is not a setting of this provider and is ignored; ${hint}`;
    });
}
