import { bodyOrRead, queryString, type ServiceClient } from "../http/client";
import { deleted, orUndefinedOn404 } from "../http/errors";
import { json, jsonOrEmpty, type BodyCheck, type Check } from "../http/shape";
import type { JsonObject } from "../core/normalize";
import type { Page } from "../reads/pagedReader";
import { PagingGuard } from "../reads/pagingGuard";
import { idOf } from "./mapping";
import { collectionShape, noteShape, personShape, type ApiNote, type ApiPerson, type HydraCollection } from "./types";

// The answers the code relies on (http/shape.ts): anything else is an error naming the request.
const PEOPLE = json("a list of people", collectionShape(personShape));
const NOTES = json("a list of notes", collectionShape(noteShape));
const PERSON = json("a person", personShape);
const NOTE = json("a note", noteShape);
const PERSON_WRITTEN = jsonOrEmpty("the person written", personShape);
const NOTE_WRITTEN = jsonOrEmpty("the note written", noteShape);
const PERSON_CREATED = json("the person created", personShape);
const NOTE_CREATED = json("the note created", noteShape);

/** The page a `view.next` IRI names (`/people?page=3`): API Platform's `page`, 1 when absent. */
function pageOf(iri: string): string {
  try {
    return `page=${new URL(iri, "http://next.invalid").searchParams.get("page") ?? "1"}`;
  } catch {
    return `next=${iri}`;
  }
}

const LD_JSON = "application/ld+json";
// RFC 7396 section 4 media type; RogerRoger (API Platform) answers 415 to anything else on PATCH.
const MERGE_PATCH = "application/merge-patch+json";
/** The most e-mails sent in one `emailAddresses.email[]` filter (one page of answers for one person each). */
export const EMAILS_PER_LOOKUP = 30;

/** The items of a page and of every page after it. */
async function all<T>(first: Page<T>): Promise<T[]> {
  const items: T[] = [];
  for (let page: Page<T> | undefined = first; page; page = page.next ? await page.next() : undefined) items.push(...page.items);
  return items;
}

/** API Platform's maximum page size on RogerRoger (RogerRoger's API documentation, "Pagination"). */
export const PAGE_SIZE = 30;

/**
 * The RogerRoger people and person-notes API (RogerRoger's API documentation), one method per request.
 * Read caches are invalidated by the client's `onWrite` hook (profile.ts).
 */
export class RogerRogerApi {
  constructor(private readonly client: ServiceClient) {}

  /** One page of a collection; every page of one walk shares `guard` (reads/pagingGuard.ts). */
  private async page<T extends { id?: string; "@id"?: string }>(
    path: string,
    page: number,
    expect: BodyCheck,
    filter: Record<string, string[]> = {},
    guard = new PagingGuard("rogerroger"),
  ): Promise<Page<T>> {
    const query = { ...filter, itemsPerPage: PAGE_SIZE, page };
    const res = await this.client.request<HydraCollection<T>>({ method: "GET", path, query, accept: LD_JSON, expect });
    const body = res.body!;
    const items = body.member!;
    // `view` is absent when there is a single page; `next` is absent on the last one.
    const next = body.view?.next ? pageOf(body.view.next) : undefined;
    guard.check({ path: path + queryString(query), status: res.status, ref: `page=${page}`, next, ids: items.map(idOf), total: body.totalItems });
    return {
      items,
      total: body.totalItems,
      next: next !== undefined ? () => this.page<T>(path, page + 1, expect, filter, guard) : undefined,
    };
  }

  /**
   * The people holding any of these e-mails, with the documented multi-value filter
   * `emailAddresses.email[]` (RogerRoger's API documentation, "Filtering / lookup"): one request for up
   * to 30 e-mails, unless more than a page of people hold them.
   */
  async findPeopleByEmails(emails: string[]): Promise<ApiPerson[]> {
    return all(await this.page<ApiPerson>("/people", 1, PEOPLE, { "emailAddresses.email[]": emails }));
  }

  /** Every note of a person (all pages). */
  async allNotes(personId: string): Promise<ApiNote[]> {
    return all(await this.listNotes(personId));
  }

  /** One page of `GET /people` (30 people, the maximum). */
  listPeople(page = 1): Promise<Page<ApiPerson>> {
    return this.page<ApiPerson>("/people", page, PEOPLE);
  }

  async getPerson(id: string): Promise<ApiPerson | undefined> {
    return orUndefinedOn404(async () => (await this.client.request<ApiPerson>({ method: "GET", path: personPath(id), accept: LD_JSON, expect: PERSON })).body);
  }

  /** POST /people. Not repeated after a 5xx or a lost response (it may have been applied). */
  async createPerson(body: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "POST", path: "/people", body, contentType: LD_JSON, accept: LD_JSON, expect: PERSON_CREATED });
    return res.body!;
  }

  /** PATCH with an RFC 7396 merge patch; applying the same merge patch twice gives the same result, so it may be retried. */
  async updatePerson(id: string, patch: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "PATCH", path: personPath(id), body: patch, contentType: MERGE_PATCH, accept: LD_JSON, idempotent: true, expect: PERSON_WRITTEN });
    return bodyOrRead(res, () => this.getPerson(id), noBody(`PATCH ${personPath(id)}`));
  }

  /** DELETE (undocumented by RogerRoger; API Platform's 204). False when already gone. */
  async deletePerson(id: string): Promise<boolean> {
    return deleted(() => this.client.request({ method: "DELETE", path: personPath(id), accept: LD_JSON }));
  }

  /** One page of a person's notes. */
  listNotes(personId: string, page = 1): Promise<Page<ApiNote>> {
    return this.page<ApiNote>(`${personPath(personId)}/notes`, page, NOTES);
  }

  async getNote(personId: string, id: string): Promise<ApiNote | undefined> {
    return orUndefinedOn404(async () => (await this.client.request<ApiNote>({ method: "GET", path: notePath(personId, id), accept: LD_JSON, expect: NOTE })).body);
  }

  async createNote(personId: string, body: JsonObject): Promise<ApiNote> {
    const res = await this.client.request<ApiNote>({ method: "POST", path: `${personPath(personId)}/notes`, body, contentType: LD_JSON, accept: LD_JSON, expect: NOTE_CREATED });
    return res.body!;
  }

  async patchNote(personId: string, id: string, patch: JsonObject): Promise<ApiNote> {
    const res = await this.client.request<ApiNote>({ method: "PATCH", path: notePath(personId, id), body: patch, contentType: MERGE_PATCH, accept: LD_JSON, idempotent: true, expect: NOTE_WRITTEN });
    return bodyOrRead(res, () => this.getNote(personId, id), noBody(`PATCH ${notePath(personId, id)}`));
  }

  async deleteNote(personId: string, id: string): Promise<boolean> {
    return deleted(() => this.client.request({ method: "DELETE", path: notePath(personId, id), accept: LD_JSON }));
  }
}

export function personPath(id: string): string {
  return `/people/${encodeURIComponent(id)}`;
}

export function notePath(personId: string, id: string): string {
  return `${personPath(personId)}/notes/${encodeURIComponent(id)}`;
}

const noBody = (what: string): string => `rogerroger: ${what} answered without a body`;

