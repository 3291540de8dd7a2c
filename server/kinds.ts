/**
 * The plugin's resource types: one per resource kind of the runtime (provider/services.ts
 * `providers`), named `rolloutcrm:index:<Name>`. The name is the dynamic resource's class
 * name: the kind's namespace and name in PascalCase (`rollout:User` → RolloutUser,
 * `crm:Person` → CrmPerson), but for the kinds whose class says it shorter.
 */
import type { ProviderContext } from "../provider/plugin/context";
import { providers } from "../provider/services";

export const PACKAGE = "rolloutcrm";

/** Class names that are not the PascalCase of their kind. */
const NAMED: Readonly<Record<string, string>> = { "crm:PersonNote": "PersonNote" };

/** The resource name of a kind (`crm:Person` → `CrmPerson`). */
export function resourceName(kind: string): string {
  const known = NAMED[kind];
  if (known) return known;
  const [namespace, name] = kind.split(":");
  return `${namespace.charAt(0).toUpperCase()}${namespace.slice(1)}${name}`;
}

/** The type token of a kind (`crm:Person` → `rolloutcrm:index:CrmPerson`). */
export function tokenOf(kind: string): string {
  return `${PACKAGE}:index:${resourceName(kind)}`;
}

/**
 * Every kind the runtime serves, in its order. The providers are built over a context that
 * is never used: building one sends nothing and reads no config (each service is built on
 * first use).
 */
export function allKinds(context: ProviderContext): string[] {
  return Object.keys(providers(context));
}

/** The kind of a type token, or undefined when the plugin serves no such type. */
export function kindOf(token: string, kinds: readonly string[]): string | undefined {
  return kinds.find((kind) => tokenOf(kind) === token);
}

/** The type token in a URN (`urn:pulumi:stack::project::<parent types$>type::name`). */
export function typeOfUrn(urn: string): string {
  const parts = urn.split("::");
  const qualified = parts[2] ?? "";
  return qualified.split("$").pop() ?? "";
}

/** The resource name in a URN. */
export function nameOfUrn(urn: string): string {
  return urn.split("::").slice(3).join("::");
}
