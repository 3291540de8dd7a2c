import type { JsonObject } from "../core/normalize";
import { bodyOrRead, queryString, type ServiceClient } from "../http/client";
import type { Page } from "../reads/pagedReader";
import { PagingGuard } from "../reads/pagingGuard";
import { ApiError, deleted, orUndefinedOn404 } from "../http/errors";
import { json, jsonOrEmpty } from "../http/shape";
import { credentialsShape, peopleListShape, personShape, type ApiCredential, type ApiPeopleList, type ApiPerson } from "./types";

// The answers the code relies on (http/shape.ts): anything else is an error naming the request.
// A body without the `people` array is never read as "nobody", which would make every
// person look deleted, or every create look new.
const PEOPLE = json("a list of people", peopleListShape);
const PERSON = json("a person", personShape);
const PERSON_CREATED = json("the person created", personShape);
const PERSON_WRITTEN = jsonOrEmpty("the person written", personShape);
const CREDENTIALS = json("a list of credentials", credentialsShape);

/** The page size used for lists (public clients use 50 or 100; the emulator's maximum is 100). */
export const PAGE_SIZE = 100;

/**
 * The Universal CRM people API (the Universal CRM API documentation), one method per request. The
 * client adds the Bearer token and `x-rollout-credential-id`, and waits out 409 "not ready".
 */
export class RolloutCrmApi {
  /** Read caches are invalidated by the client's `onWrite` hook (profile.ts). */
  constructor(private readonly client: ServiceClient) {}

  /** One page of people; the next one is fetched with the `next` cursor of `_metadata`. */
  listPeople(next?: string): Promise<Page<ApiPerson>> {
    return this.pageAt(next, new PagingGuard("rolloutCrm"));
  }

  /** One page of a walk; every page of the walk shares `guard` (reads/pagingGuard.ts). */
  private async pageAt(cursor: string | undefined, guard: PagingGuard): Promise<Page<ApiPerson>> {
    const query = { limit: PAGE_SIZE, next: cursor };
    const res = await this.client.request<ApiPeopleList>({ method: "GET", path: "/people", query, expect: PEOPLE });
    const people = res.body?.people;
    // Checked by the client already (PEOPLE); kept for clients that check nothing (tests' stubs).
    if (!Array.isArray(people)) {
      const keys = res.body && typeof res.body === "object" ? Object.keys(res.body).join(", ") || "none" : typeof res.body;
      throw new Error(`rolloutCrm: GET /people answered ${res.status} without a \`people\` array (keys: ${keys}); it is not read as an empty list.`);
    }
    const metadata = res.body?._metadata ?? undefined;
    const next = metadata?.next || undefined;
    const total = metadata?.total ?? undefined;
    guard.check({ path: `/people${queryString(query)}`, status: res.status, ref: cursor ?? "(first page)", next, ids: people.map((p) => p.id!), total });
    return { items: people, total, next: next !== undefined ? () => this.pageAt(next, guard) : undefined };
  }

  /** Every person, page by page (the API documents no filter: public clients compare e-mails this way). */
  async allPeople(): Promise<ApiPerson[]> {
    const found: ApiPerson[] = [];
    for (let page: Page<ApiPerson> | undefined = await this.listPeople(); page; page = page.next ? await page.next() : undefined) found.push(...page.items);
    return found;
  }

  async getPerson(id: string): Promise<ApiPerson | undefined> {
    return orUndefinedOn404(async () => (await this.client.request<ApiPerson>({ method: "GET", path: personPath(id), expect: PERSON })).body);
  }

  /** POST /people. Not repeated after a 5xx or a lost response; 409 "not ready" is waited out (not executed). */
  async createPerson(body: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "POST", path: "/people", body, expect: PERSON_CREATED });
    return res.body!;
  }

  async updatePerson(id: string, body: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "PUT", path: personPath(id), body, expect: PERSON_WRITTEN });
    return bodyOrRead(res, () => this.getPerson(id), `rolloutCrm: person ${id} disappeared during an update`);
  }

  /** DELETE answers 200 `[]`. False when the person was already gone. */
  async deletePerson(id: string): Promise<boolean> {
    return deleted(() => this.client.request({ method: "DELETE", path: personPath(id) }));
  }
}

/** `GET {credentialsUrl}/credentials`: the credentials visible to the token's user. */
export async function listCredentials(client: ServiceClient): Promise<ApiCredential[]> {
  try {
    // An answer that is not a list of credentials is an error, not "none connected".
    const res = await client.request<ApiCredential[]>({ method: "GET", path: "/credentials", expect: CREDENTIALS });
    return res.body!;
  } catch (err) {
    // Some clients see 404 when the user has no credential at all.
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
}

export function personPath(id: string): string {
  return `/people/${encodeURIComponent(id)}`;
}
