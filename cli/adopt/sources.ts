/**
 * The read side of `adopt`: the live records of one service, through the provider's own
 * context (the same config, HTTP layer, pacing and retries as `pulumi up`). Only GETs.
 */
import { normalizeEmail } from "../../provider/core/check";
import type { CrmProfile, LivePerson, PersonBackend } from "../../provider/crm/profile";
import type { ProviderContext } from "../../provider/plugin/context";
import type { PacingConfig } from "../../provider/http/pacing";
import type { Page } from "../../provider/reads/pagedReader";
import { personFromApi as outsetaPerson } from "../../provider/outseta/mapping";
import { noteFromApi, personFromApi as rogerrogerPerson } from "../../provider/rogerroger/mapping";
import { personFromApi as rolloutCrmPerson } from "../../provider/rolloutCrm/mapping";
import * as registry from "../../provider/registry";
import type { CrmName } from "../../provider/services";
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

export async function readRollout(context: ProviderContext, options: ReadOptions): Promise<ReadResult> {
  options.progress("rollout: reading the team (GET /users: the whole team in one request)");
  const users = await context.service(registry.rollout).api.listUsers();
  let skipped = 0;
  const members = [];
  for (const user of [...users].sort((a, b) => normalizeEmail(a.email).localeCompare(normalizeEmail(b.email)))) {
    const email = normalizeEmail(user.email);
    if (!matchesDomain([email], options.emailDomain)) continue;
    if (options.managed.records.has(email)) {
      skipped++;
      continue;
    }
    if (options.max !== undefined && members.length >= options.max) break;
    members.push(ownedMember(user, options.fields));
  }
  return { adoption: { service: "rollout", members }, skipped, requests: 1 };
}

interface CrmSource {
  backend: PersonBackend<any>;
  firstPage(): Promise<Page<LivePerson>>;
  get(id: string): Promise<LivePerson | undefined>;
  /** RogerRoger only: the notes of one person, page by page. */
  notes?(personId: string): Promise<Page<{ id: string; fields: AdoptedNote["fields"] }>>;
}

function mapPage<A, B>(page: Page<A>, map: (a: A) => B): Page<B> {
  const next = page.next;
  return { items: page.items.map(map), total: page.total, next: next ? async () => mapPage(await next(), map) : undefined };
}

/**
 * Each CRM's list endpoint, first page (the profiles expose reads by id, not the list as
 * such). A CRM added to the registry needs its line here for `adopt` and `--unmanaged`.
 */
function crmSource(context: ProviderContext, crm: CrmName): CrmSource {
  const profile = registry[crm] as CrmProfile;
  const backend = profile.person as PersonBackend<any>;
  const person = backend.api(context.service(profile));
  const get = (id: string) => person.get(id);
  switch (crm) {
    case "rogerroger": {
      const { api } = context.service(registry.rogerroger);
      return {
        backend,
        get,
        firstPage: async () => mapPage(await api.listPeople(1), rogerrogerPerson),
        notes: async (personId) =>
          mapPage(await api.listNotes(personId, 1), (n) => {
            const { id, model } = noteFromApi(n);
            return { id, fields: model };
          }),
      };
    }
    case "outseta": {
      const { api } = context.service(registry.outseta);
      return { backend, get, firstPage: async () => mapPage(await api.listPeople(0), outsetaPerson) };
    }
    case "rolloutCrm": {
      const { api } = context.service(registry.rolloutCrm);
      return { backend, get, firstPage: async () => mapPage(await api.listPeople(), rolloutCrmPerson) };
    }
    default:
      throw new Error(`adopt: no list of ${String(crm)} people is known here`);
  }
}

/** How long `requests` more requests take at most under the service's pacing (the rate-limit wait). */
export function pacedSeconds(pacing: PacingConfig, requests: number): number {
  if (pacing.kind === "interval") return Math.ceil((requests * pacing.intervalMs) / 1000);
  if (pacing.kind === "window") return Math.ceil((Math.max(0, requests - pacing.limit) * pacing.windowMs) / pacing.limit / 1000);
  return 0;
}

/** Every page of a list, reporting each one; stops early when `enough()` says so. */
async function* pages<T>(first: () => Promise<Page<T>>, onPage: (n: number, page: Page<T>) => void, enough: () => boolean): AsyncGenerator<T> {
  let page = await first();
  for (let n = 1; ; n++) {
    onPage(n, page);
    for (const item of page.items) {
      if (enough()) return;
      yield item;
    }
    if (!page.next || enough()) return;
    page = await page.next();
  }
}

export async function readCrm(context: ProviderContext, crm: CrmName, options: ReadOptions): Promise<ReadResult> {
  const source = crmSource(context, crm);
  const people: AdoptedPerson[] = [];
  const notesOnManagedPeople: AdoptedNote[] = [];
  let skipped = 0;
  let requests = 0;
  const enough = () => options.max !== undefined && people.length >= options.max;

  const consider = async (live: LivePerson): Promise<void> => {
    if (!matchesDomain(live.model.emails, options.emailDomain)) return;
    const managed = options.managed.records.has(live.id);
    if (managed) skipped++;
    const notes = options.withNotes && source.notes ? await readNotes(source, live.id, options, () => requests++) : [];
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
        const wait = pacedSeconds(registry[crm].http.pacing, pagesInAll - 1);
        if (wait >= 5) options.progress(`${crm}: ${pagesInAll - 1} more page(s); the service's rate limit makes that up to ${wait} s`);
      }
    };
    for await (const live of pages(() => source.firstPage(), onPage, enough)) await consider(live);
  }
  return { adoption: { service: crm, people, notesOnManagedPeople }, skipped, requests };
}

async function readNotes(source: CrmSource, personId: string, options: ReadOptions, counted: () => void): Promise<AdoptedNote[]> {
  const out: AdoptedNote[] = [];
  for await (const note of pages(() => source.notes!(personId), () => counted(), () => false)) {
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
 * service (Rollout: one request; the CRMs: their pages).
 */
export async function listLive(context: ProviderContext, service: "rollout" | CrmName, progress: (line: string) => void = () => {}): Promise<LiveRecord[]> {
  if (service === "rollout") {
    const users = await context.service(registry.rollout).api.listUsers();
    return users.map((u) => ({ id: normalizeEmail(u.email), label: normalizeEmail(u.email) }));
  }
  const source = crmSource(context, service);
  const out: LiveRecord[] = [];
  const onPage = (n: number, page: Page<LivePerson>) => progress(`${service}: page ${n} (${page.items.length} people)`);
  for await (const live of pages(() => source.firstPage(), onPage, () => false)) {
    const name = [live.model.givenName, live.model.familyName].filter(Boolean).join(" ");
    const email = live.model.emails?.[0];
    out.push({ id: live.id, label: [name, email ? `<${email}>` : ""].filter(Boolean).join(" ") || live.id });
  }
  return out;
}
