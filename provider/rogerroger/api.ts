import { bodyOrRead, type ServiceClient } from "../http/client";
import { deleted, orUndefinedOn404 } from "../http/errors";
import type { JsonObject } from "../core/normalize";
import type { Page } from "../reads/pagedReader";
import type { ApiNote, ApiPerson, HydraCollection } from "./types";

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

  private async page<T>(path: string, page: number, filter: Record<string, string[]> = {}): Promise<Page<T>> {
    const res = await this.client.request<HydraCollection<T>>({
      method: "GET",
      path,
      query: { ...filter, itemsPerPage: PAGE_SIZE, page },
      accept: LD_JSON,
    });
    const body = res.body ?? {};
    return {
      items: body.member ?? [],
      total: body.totalItems,
      // `view` is absent when there is a single page; `next` is absent on the last one.
      next: body.view?.next ? () => this.page<T>(path, page + 1, filter) : undefined,
    };
  }

  /**
   * The people holding any of these e-mails, with the documented multi-value filter
   * `emailAddresses.email[]` (RogerRoger's API documentation, "Filtering / lookup"): one request for up
   * to 30 e-mails, unless more than a page of people hold them.
   */
  async findPeopleByEmails(emails: string[]): Promise<ApiPerson[]> {
    return all(await this.page<ApiPerson>("/people", 1, { "emailAddresses.email[]": emails }));
  }

  /** Every note of a person (all pages). */
  async allNotes(personId: string): Promise<ApiNote[]> {
    return all(await this.listNotes(personId));
  }

  /** One page of `GET /people` (30 people, the maximum). */
  listPeople(page = 1): Promise<Page<ApiPerson>> {
    return this.page<ApiPerson>("/people", page);
  }

  async getPerson(id: string): Promise<ApiPerson | undefined> {
    return orUndefinedOn404(async () => (await this.client.request<ApiPerson>({ method: "GET", path: personPath(id), accept: LD_JSON })).body);
  }

  /** POST /people. Not repeated after a 5xx or a lost response (it may have been applied). */
  async createPerson(body: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "POST", path: "/people", body, contentType: LD_JSON, accept: LD_JSON });
    return required(res.body, "POST /people");
  }

  /** PATCH with an RFC 7396 merge patch; applying the same merge patch twice gives the same result, so it may be retried. */
  async updatePerson(id: string, patch: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "PATCH", path: personPath(id), body: patch, contentType: MERGE_PATCH, accept: LD_JSON, idempotent: true });
    return bodyOrRead(res, () => this.getPerson(id), noBody(`PATCH ${personPath(id)}`));
  }

  /** DELETE (undocumented by RogerRoger; API Platform's 204). False when already gone. */
  async deletePerson(id: string): Promise<boolean> {
    return deleted(() => this.client.request({ method: "DELETE", path: personPath(id), accept: LD_JSON }));
  }

  /** One page of a person's notes. */
  listNotes(personId: string, page = 1): Promise<Page<ApiNote>> {
    return this.page<ApiNote>(`${personPath(personId)}/notes`, page);
  }

  async getNote(personId: string, id: string): Promise<ApiNote | undefined> {
    return orUndefinedOn404(async () => (await this.client.request<ApiNote>({ method: "GET", path: notePath(personId, id), accept: LD_JSON })).body);
  }

  async createNote(personId: string, body: JsonObject): Promise<ApiNote> {
    const res = await this.client.request<ApiNote>({ method: "POST", path: `${personPath(personId)}/notes`, body, contentType: LD_JSON, accept: LD_JSON });
    return required(res.body, `POST ${personPath(personId)}/notes`);
  }

  async patchNote(personId: string, id: string, patch: JsonObject): Promise<ApiNote> {
    const res = await this.client.request<ApiNote>({ method: "PATCH", path: notePath(personId, id), body: patch, contentType: MERGE_PATCH, accept: LD_JSON, idempotent: true });
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

function required<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(noBody(what));
  return value;
}
