/**
 * What is derived from the registry (registry.ts): the list of services, the CRMs among
 * them, their names as types, CrmPerson's arguments, and the providers of every resource
 * kind over one context.
 */
import { personNoteProvider } from "./crm/note/provider";
import { crmPersonProvider } from "./crm/person/provider";
import type { CrmProfile } from "./crm/profile";
import type { AnyProvider, ServiceContext, ServiceProfile } from "./plugin/profile";
import * as registry from "./registry";

type Registry = typeof registry;

/** The name of a service of the registry. */
export type ServiceName = keyof Registry;

/** The CRMs a {@link CrmPerson} can live in. */
export type CrmName = { [K in ServiceName]: Registry[K] extends CrmProfile ? K : never }[ServiceName];

/** The CRMs a {@link PersonNote} can live in: those with a notes API. */
export type NoteCrmName = { [K in CrmName]: Registry[K] extends { notes: object } ? K : never }[CrmName];

/** Arguments of a {@link CrmPerson}: a union on `crm`, so each backend's required fields are required here too. */
export type CrmPersonArgs = { [K in CrmName]: NonNullable<Registry[K]["args"]> }[CrmName];

/**
 * The profiles of a registry, in its order, each checked: the registry's key is the
 * service's name and its config namespace, so every setting of a service is `<name>:<key>`
 * and a stack's config says which service it configures. Tests derive a registry with a
 * test-only service the same way (test/fixtureService/registry.ts).
 */
export function servicesOf(entries: Readonly<Record<string, ServiceProfile<unknown>>>): ServiceProfile<unknown>[] {
  for (const [name, profile] of Object.entries(entries)) {
    if (profile.name !== name) throw new Error(`registry: the service '${profile.name}' is listed as '${name}'`);
    for (const setting of Object.values(profile.settings)) {
      if (!setting.key.startsWith(`${name}:`)) throw new Error(`registry: ${name}'s setting '${setting.key}' is outside its config namespace '${name}:'`);
    }
  }
  return Object.values(entries);
}

const isCrm = (profile: ServiceProfile<unknown>): profile is CrmProfile => "person" in profile;

/** The CRM services among `services`, by name. */
export function crmsOf(services: readonly ServiceProfile<unknown>[]): Record<string, CrmProfile> {
  return Object.fromEntries(services.filter(isCrm).map((profile) => [profile.name, profile]));
}

/** Every service, in registry order (the order their error shapes are tried as a fallback). */
export const SERVICES: readonly ServiceProfile<unknown>[] = servicesOf(registry);

/** The CRM services, by name. */
export const CRMS: Readonly<Record<CrmName, CrmProfile>> = crmsOf(SERVICES) as Record<CrmName, CrmProfile>;

export const CRM_NAMES = Object.keys(CRMS) as CrmName[];

/** The provider of every resource kind, over one context: what the shims call. */
export function providers(context: ServiceContext): Record<string, AnyProvider> {
  const own = SERVICES.flatMap((profile) => Object.entries(profile.resources ?? {}).map(([kind, make]) => [kind, make(context)] as const));
  return {
    ...Object.fromEntries(own),
    "crm:Person": crmPersonProvider(context, CRMS) as AnyProvider,
    "crm:PersonNote": personNoteProvider(context, CRMS) as AnyProvider,
  };
}
