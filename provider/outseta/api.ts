import type { JsonObject } from "../core/normalize";
import { bodyOrRead, queryString, type ServiceClient } from "../http/client";
import type { Page } from "../reads/pagedReader";
import { PagingGuard } from "../reads/pagingGuard";
import { deleted, orUndefinedOn404 } from "../http/errors";
import { json, jsonOrEmpty } from "../http/shape";
import { peopleListShape, personShape, type ApiList, type ApiPerson } from "./types";

// The answers the code relies on (http/shape.ts): anything else is an error naming the request.
const PEOPLE = json("a list of people", peopleListShape);
const PERSON = json("a person", personShape);
const PERSON_CREATED = json("the person created", personShape);
const PERSON_WRITTEN = jsonOrEmpty("the person written", personShape);

/** The most people one page can hold (Outseta's API documentation, "Pagination"). */
export const PAGE_SIZE = 100;

/**
 * The Outseta CRM people API (Outseta's API documentation), one method per request. Read caches are
 * invalidated by the client's `onWrite` hook (profile.ts).
 */
export class OutsetaApi {
  constructor(private readonly client: ServiceClient) {}

  /** One page of people; `offset` counts pages, not records (Outseta's API documentation). */
  listPeople(offset = 0): Promise<Page<ApiPerson>> {
    return this.pageAt(offset, new PagingGuard("outseta"));
  }

  /**
   * One page of a walk; every page of the walk shares `guard` (reads/pagingGuard.ts). The page
   * size is the API's choice, read from its answer: the sources disagree on it (25 in the
   * docs, 100 in a recording) and a page of another size than asked for must not end the
   * list early. So the walk goes on while the records listed are fewer than the `total` the
   * answer announces; without a total, while a page is as long as the first one (the size
   * the API chose), at the price of one empty page at the end.
   */
  private async pageAt(offset: number, guard: PagingGuard, listedBefore = 0, chosenSize?: number): Promise<Page<ApiPerson>> {
    const query = { limit: PAGE_SIZE, offset };
    const res = await this.client.request<ApiList<ApiPerson>>({ method: "GET", path: "/crm/people", query, expect: PEOPLE });
    const items = res.body!.items!;
    const total = res.body!.metadata?.total ?? undefined;
    const limit = res.body!.metadata?.limit;
    // What the API says it chose, unless its own page is longer than that.
    const size = chosenSize ?? (typeof limit === "number" && limit >= items.length && limit > 0 ? limit : items.length);
    const listed = listedBefore + items.length;
    const more = items.length > 0 && (total === undefined ? items.length >= (chosenSize ?? items.length) : listed < total);
    const next = more ? `offset=${offset + 1}` : undefined;
    guard.check({ path: `/crm/people${queryString(query)}`, status: res.status, ref: `offset=${offset}`, next, ids: items.map((p) => p.Uid!), total });
    return {
      items,
      total,
      pageSize: size > 0 ? size : undefined,
      next: next !== undefined ? () => this.pageAt(offset + 1, guard, listed, chosenSize ?? items.length) : undefined,
    };
  }

  /**
   * The person with this e-mail (unique in an Outseta account), found with the `?Email=`
   * filter. Filter values take `*` wildcards (Outseta's API documentation) and case sensitivity is not
   * documented, so the answer is compared again, exactly but case-insensitively: an e-mail
   * such as `a*@example.com` must never find someone else.
   */
  async findByEmail(email: string): Promise<ApiPerson | undefined> {
    const res = await this.client.request<ApiList<ApiPerson>>({ method: "GET", path: "/crm/people", query: { Email: email }, expect: PEOPLE });
    return res.body!.items!.find((p) => typeof p.Email === "string" && p.Email.toLowerCase() === email.toLowerCase());
  }

  async getPerson(uid: string): Promise<ApiPerson | undefined> {
    return orUndefinedOn404(async () => (await this.client.request<ApiPerson>({ method: "GET", path: personPath(uid), expect: PERSON })).body);
  }

  /** POST answers 200 with the person. Never repeated after a 5xx or a lost response. */
  async createPerson(body: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "POST", path: "/crm/people", body, expect: PERSON_CREATED });
    return res.body!;
  }

  /** PUT changes only the properties sent; idempotent, so retried after a 5xx. */
  async updatePerson(uid: string, body: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "PUT", path: personPath(uid), body: { Uid: uid, ...body }, expect: PERSON_WRITTEN });
    // Postman's example shows no body for PUT; read the person then.
    return bodyOrRead(res, () => this.getPerson(uid), `outseta: person ${uid} disappeared during an update`);
  }

  /** DELETE answers 200 with an empty body. False when the person was already gone. */
  async deletePerson(uid: string): Promise<boolean> {
    return deleted(() => this.client.request({ method: "DELETE", path: personPath(uid) }));
  }
}

export function personPath(uid: string): string {
  return `/crm/people/${encodeURIComponent(uid)}`;
}
