/**
 * The read side of `adopt`: the live records of one service, through the provider's own
 * context (the same config, HTTP layer, pacing and retries as `pulumi up`). Only GETs.
 */
import { normalizeEmail } from "../../provider/core/check";
import { walkPages, type ListedNote } from "../../provider/crm/listing";
import type { CrmProfile, LivePerson, PersonBackend } from "../../provider/crm/profile";
import type { ProviderContext } from "../../provider/plugin/context";
import type { PacingConfig } from "../../provider/http/pacing";
import type { Page } from "../../provider/reads/pagedReader";
import { CRMS, type CrmName } from "../../provider/services";
import { membersOf, profileOf, type AdoptService, type MemberServiceName } from "../services";
import type { AdoptedNote, AdoptedPerson, Adoption } from "./model";
import { matchesDomain, ownedMember, ownedNote, ownedPerson, type FieldChoice } from "./select";

export interface ReadOptions {
  emailDomain?: string;
  /** CRM person ids: read one by one instead of listing. */
  ids?: readonly string[];
  max?: number;
  fields?: FieldChoice;
  withNotes?: boolean;
  /** Ids the stack's state already manages (person ids / lower-case e-mails, and note ids). */
  managed: { records: ReadonlySet<string>; notes: ReadonlySet<string> };
  progress: (line: string) => void;
  warn: (line: string) => void;
}

export interface ReadResult {
  adoption: Adoption;
  /** Live records left out because the stack already manages them. */
  skipped: number;
  /** Requests made (the list pages and single reads), for the summary. */
  requests: number;
}

/** Thrown for a bad filter value found while reading (an id that does not exist). */
export class AdoptInputError extends Error {}

/** The team of a service of members: one request lists it whole. */
export async function readMembers(context: ProviderContext, service: MemberServiceName, options: ReadOptions): Promise<ReadResult> {
  const members = membersOf(service);
  if (!members) throw new Error(`adopt: ${service} is not a service of team members`);
  options.progress(`${service}: reading the team (${members.listRequest}: the whole team in one request)`);
  const live = await members.list(context.service(profileOf(service)!));
  let skipped = 0;
  const adopted = [];
  for (const member of [...live].sort((a, b) => normalizeEmail(a.email).localeCompare(normalizeEmail(b.email)))) {
    const email = normalizeEmail(member.email);
    if (!matchesDomain([email], options.emailDomain)) continue;
    if (options.managed.records.has(email)) {
      skipped++;
      continue;
    }
    if (options.max !== undefined && adopted.length >= options.max) break;
    adopted.push(ownedMember(member, options.fields));
  }
  return { adoption: { service, members: adopted }, skipped, requests: 1 };
}

interface CrmSource {
  backend: PersonBackend<any>;
  firstPage(): Promise<Page<LivePerson>>;
  get(id: string): Promise<LivePerson | undefined>;
  /** A CRM with notes: the notes of one person, page by page. */
  notes?(personId: string): Promise<Page<ListedNote>>;
}

/** The CRMs adopt reads: the registry's (tests add a test-only one, test/fixtureService/registry.ts). */
type Crms = Readonly<Record<string, CrmProfile>>;

/** A CRM's list endpoint (its profile's `listing`) and its reads by id, over one context. */
function crmSource(context: ProviderContext, crm: CrmName, crms: Crms): CrmSource {
  const profile = crms[crm] as CrmProfile;
  const listing = profile.listing;
  if (!listing) throw new Error(`adopt: no list of ${String(crm)} people is known here`);
  const backend = profile.person as PersonBackend<any>;
  const service = context.service(profile);
  const person = backend.api(service);
  const notes = listing.notes;
  return {
    backend,
    get: (id) => person.get(id),
    firstPage: () => listing.people(service),
    notes: notes ? (personId) => notes(service, personId) : undefined,
  };
}

/** How long `requests` more requests take at most under the service's pacing (the rate-limit wait). */
export function pacedSeconds(pacing: PacingConfig, requests: number): number {
  if (pacing.kind === "interval") return Math.ceil((requests * pacing.intervalMs) / 1000);
  if (pacing.kind === "window") return Math.ceil((Math.max(0, requests - pacing.limit) * pacing.windowMs) / pacing.limit / 1000);
  return 0;
}

export async function readCrm(context: ProviderContext, crm: CrmName, options: ReadOptions, crms: Crms = CRMS): Promise<ReadResult> {
  const source = crmSource(context, crm, crms);
  const people: AdoptedPerson[] = [];
  const notesOnManagedPeople: AdoptedNote[] = [];
  let skipped = 0;
  let requests = 0;
  const enough = () => options.max !== undefined && people.length >= options.max;

  const consider = async (live: LivePerson): Promise<void> => {
    if (!matchesDomain(live.model.emails, options.emailDomain)) return;
    const managed = options.managed.records.has(live.id);
    if (managed) skipped++;
    const notes = options.withNotes && source.notes ? await readNotes(crm, source, live.id, options, () => requests++) : [];
    skipped += notes.length - notes.filter((n) => !options.managed.notes.has(n.id)).length;
    const fresh = notes.filter((n) => !options.managed.notes.has(n.id));
    if (managed) {
      notesOnManagedPeople.push(...fresh);
      return;
    }
    const model = ownedPerson(live.model, options.fields, crm, source.backend, options.warn, `${crm} person ${live.id}`);
    people.push({ id: live.id, model, notes: fresh });
  };

  if (options.ids !== undefined) {
    for (const [i, id] of options.ids.entries()) {
      if (enough()) break;
      requests++;
      const live = await source.get(source.backend.normalizeId(id));
      if (!live) throw new AdoptInputError(`--ids: ${crm} has no person with id '${id}'`);
      options.progress(`${crm}: read person ${i + 1} of ${options.ids.length} (${id})`);
      await consider(live);
    }
  } else {
    let pageSize = 0;
    const onPage = (n: number, page: Page<LivePerson>) => {
      requests++;
      const size = page.items.length;
      if (n === 1) pageSize = size;
      const pagesInAll = page.total !== undefined && pageSize > 0 ? Math.ceil(page.total / pageSize) : undefined;
      const of = pagesInAll !== undefined ? ` of ${pagesInAll}` : "";
      options.progress(`${crm}: read page ${n}${of} (${size} people${page.total !== undefined ? `, ${page.total} in all` : ""})`);
      if (n === 1 && pagesInAll !== undefined && pagesInAll > 1) {
        const wait = pacedSeconds(crms[crm]!.http.pacing, pagesInAll - 1);
        if (wait >= 5) options.progress(`${crm}: ${pagesInAll - 1} more page(s); the service's rate limit makes that up to ${wait} s`);
      }
    };
    for await (const live of walkPages(() => source.firstPage(), `${crm}: the list of people`, onPage, enough)) await consider(live);
  }
  return { adoption: { service: crm, people, notesOnManagedPeople }, skipped, requests };
}

async function readNotes(crm: CrmName, source: CrmSource, personId: string, options: ReadOptions, counted: () => void): Promise<AdoptedNote[]> {
  const out: AdoptedNote[] = [];
  for await (const note of walkPages(() => source.notes!(personId), `${crm}: the notes of person ${personId}`, () => counted())) {
    out.push({ id: note.id, personId, fields: ownedNote(note.fields) });
  }
  return out;
}

/** A live record as the drift report names it: its id, and a label people recognise. */
export interface LiveRecord {
  id: string;
  label: string;
}

/**
 * Every live record of a service, for the drift report's `--unmanaged`: one list per
 * service (a team: one request; a CRM: its pages).
 */
export async function listLive(context: ProviderContext, service: AdoptService, progress: (line: string) => void = () => {}, crms: Crms = CRMS): Promise<LiveRecord[]> {
  const members = membersOf(service);
  if (members) {
    const live = await members.list(context.service(profileOf(service)!));
    return live.map((m) => ({ id: normalizeEmail(m.email), label: normalizeEmail(m.email) }));
  }
  const source = crmSource(context, service as CrmName, crms);
  const out: LiveRecord[] = [];
  const onPage = (n: number, page: Page<LivePerson>) => progress(`${service}: page ${n} (${page.items.length} people)`);
  for await (const live of walkPages(() => source.firstPage(), `${service}: the list of people`, onPage)) {
    const name = [live.model.givenName, live.model.familyName].filter(Boolean).join(" ");
    const email = live.model.emails?.[0];
    out.push({ id: live.id, label: [name, email ? `<${email}>` : ""].filter(Boolean).join(" ") || live.id });
  }
  return out;
}
