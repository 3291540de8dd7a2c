/**
 * The registered services as the CLI sees them: their names, titles and resource kinds, and
 * how each one's records are read (`adopt`, `drift --unmanaged`, `sweep`). All of it is
 * derived from the provider's registry (provider/services.ts) and the data each profile
 * carries (`presentation`, `listing`, `members`, `probe`): no file of the CLI names a service.
 */
import type { CrmPresentation } from "../provider/crm/presentation";
import type { CrmProfile } from "../provider/crm/profile";
import type { TeamMembers } from "../provider/plugin/members";
import type { KindPresentation } from "../provider/plugin/presentation";
import type { ServiceProfile } from "../provider/plugin/profile";
import { CRM_NAMES, CRMS, SERVICES, type CrmName, type ServiceName } from "../provider/services";

/** The kind that manages CRM people, and their notes, whatever the CRM. */
export const PERSON_KIND = "crm:Person";
export const NOTE_KIND = "crm:PersonNote";

/** Every service, in registry order. */
export const SERVICE_NAMES: readonly ServiceName[] = SERVICES.map((p) => p.name as ServiceName);

export function profileOf(name: string): ServiceProfile<unknown> | undefined {
  return SERVICES.find((p) => p.name === name);
}

export const isCrm = (name: string): name is CrmName => (CRM_NAMES as readonly string[]).includes(name);

/** A service of team members (not a CRM): the profile's `members`. */
export function membersOf(name: string): TeamMembers<unknown> | undefined {
  return isCrm(name) ? undefined : profileOf(name)?.members;
}

/** The services whose records `adopt` and `drift --unmanaged` read: team members first, then the CRMs. */
export const ADOPT_SERVICES: readonly ServiceName[] = [...SERVICE_NAMES.filter((n) => membersOf(n) !== undefined), ...CRM_NAMES];

/** A service adopt reads: a CRM, or a service of team members. */
export type AdoptService = ServiceName;

/** The services that are not CRMs (their records are team members). */
export type MemberServiceName = Exclude<ServiceName, CrmName>;

/** The CRMs with a notes API (PersonNote's `crm`; its default is the first of them). */
export const NOTE_CRMS: readonly CrmName[] = CRM_NAMES.filter((n) => CRMS[n].notes !== undefined);

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();

/** The service's title in tables and labels ("Universal CRM"); its name when the profile has none. */
export function titleOf(name: string): string {
  return profileOf(name)?.presentation?.title ?? name;
}

/** A CRM's presentation, its profile's or derived from its name and prose. */
export function crmPresentation(crm: CrmName): CrmPresentation {
  return presentationOf(CRMS[crm]);
}

/**
 * The presentation of a CRM's profile; what it leaves out is derived from its name
 * (`fooBar`: exports `FooBar`, `FooBarPersonArgs`, resource names `foo-bar-…`) and its prose.
 */
export function presentationOf(profile: Pick<CrmProfile, "name" | "prose" | "presentation">): CrmPresentation {
  const exportName = profile.presentation?.exportName ?? pascal(profile.name);
  return {
    title: profile.prose,
    argsTypeName: `${exportName}PersonArgs`,
    resourcePrefix: kebab(profile.name),
    requiredFields: [],
    ...profile.presentation,
    exportName,
  };
}

/** How the review tells a record of `type` (the token without the dynamic-provider prefix). */
export function kindPresentation(type: string, values: Record<string, unknown> | undefined): KindPresentation | undefined {
  if (type === PERSON_KIND) return { title: `${crmTitle(values?.crm)} person` };
  if (type === NOTE_KIND) return { title: `${crmTitle(values?.crm ?? NOTE_CRMS[0])} note` };
  for (const profile of SERVICES) {
    const kind = profile.presentation?.kinds?.[type];
    if (kind) return kind;
  }
  return undefined;
}

const crmTitle = (crm: unknown): string => (typeof crm === "string" && isCrm(crm) ? crmPresentation(crm).title : "CRM");

/** The resource kind that manages a record of `service` ("crm:Person" for a CRM). */
export function recordKind(service: AdoptService): string {
  return membersOf(service)?.kind ?? PERSON_KIND;
}

/** The kinds of the team-member services. */
export const MEMBER_KINDS: readonly string[] = SERVICE_NAMES.flatMap((n) => membersOf(n)?.kind ?? []);

/** Records per list request: a CRM's page (its `listing`), a team's whole list (one request). */
export function pageSizeOf(name: string): number {
  if (isCrm(name)) return CRMS[name].listing?.pageSize ?? 1;
  return membersOf(name) ? Number.POSITIVE_INFINITY : 1;
}
