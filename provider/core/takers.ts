import { RESOURCE_NAME_KEY } from "./check";
import type { Claims } from "./claims";

/**
 * The resource's own name, which its class hands its provider (RESOURCE_NAME_KEY in check.ts):
 * carried from inputs or state into the outputs, never diffed, so the skipped delete of a
 * rename without `aliases` can name both resources (issue 25).
 */
export interface Named {
  __resourceName?: string;
}

/** The resource name `check` keeps from the program's inputs (a string, or nothing). */
export function resourceNameIn(news: Record<string, unknown>): Named {
  const name = news[RESOURCE_NAME_KEY];
  return typeof name === "string" ? { __resourceName: name } : {};
}

/** The outputs with the resource's own name carried over from its inputs or state. */
export function named<T extends object>(outs: T, from: Named | undefined): T & Named {
  return from?.__resourceName === undefined ? outs : { ...outs, __resourceName: from.__resourceName };
}

/**
 * The resource name of the resource that took a record over in this update, by service and
 * id, kept beside the update's claims (one per context), so the old resource's skipped delete
 * can name both.
 */
const takersOf = new WeakMap<Claims, Map<string, string>>();
function takersIn(claims: Claims): Map<string, string> {
  let takers = takersOf.get(claims);
  if (!takers) takersOf.set(claims, (takers = new Map()));
  return takers;
}
const takerKey = (service: string, id: string) => `${service}\u0000${id}`;

/** Notes that a create took the record (and who, for the rename warning); returns how it had been taken before, if it had. */
export function take(claims: Claims, service: string, id: string, how: string, taker: Named): string | undefined {
  if (taker.__resourceName !== undefined) takersIn(claims).set(takerKey(service, id), taker.__resourceName);
  return claims.markTaken(service, id, how);
}

/**
 * The clause naming both resources of a rename without aliases, for the skipped delete's
 * warning: `: 'ada-lovelace' adopted the member 'ada' managed; the delete of 'ada' is skipped`,
 * or "" when either name is not known (state written before the names were handed over).
 */
export function renameClause(claims: Claims, service: string, id: string, record: string, old: Named | undefined): string {
  const taker = takersIn(claims).get(takerKey(service, id));
  const oldName = old?.__resourceName;
  if (taker === undefined || oldName === undefined) return "";
  return `: '${taker}' adopted the ${record} '${oldName}' managed; the delete of '${oldName}' is skipped`;
}
