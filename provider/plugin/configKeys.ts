/**
 * Config keys in a service's namespace that no setting reads: a typo (`rollout:apiURL`,
 * `rollout:apitoken`) would otherwise be ignored silently and the default or "missing"
 * would follow. Pure: the caller passes the stack's keys and the known settings.
 */
import { nearestName } from "../core/nearest";

/** The known key closest to `key` in the same namespace, when it is close enough to be a typo. */
export function nearestKey(key: string, known: readonly string[]): string | undefined {
  const namespace = key.slice(0, key.indexOf(":") + 1);
  const names = known.filter((k) => k.startsWith(namespace)).map((k) => k.slice(namespace.length));
  const near = nearestName(key.slice(namespace.length), names);
  return near === undefined ? undefined : `${namespace}${near}`;
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
