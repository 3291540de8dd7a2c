import type { JsonObject } from "../core/normalize";
import { bodyOrRead, type ServiceClient } from "../http/client";
import type { Page } from "../reads/pagedReader";
import { ApiError, deleted, orUndefinedOn404 } from "../http/errors";
import type { ApiCredential, ApiPeopleList, ApiPerson } from "./types";

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
  async listPeople(next?: string): Promise<Page<ApiPerson>> {
    const res = await this.client.request<ApiPeopleList>({ method: "GET", path: "/people", query: { limit: PAGE_SIZE, next } });
    const people = res.body?.people;
    // The docs' overview speaks of a generic `data` array, the reference of `people`
    // (the Universal CRM API documentation): a body without the array is never read as "nobody",
    // which would make every person look deleted, or every create look new.
    if (!Array.isArray(people)) {
      const keys = res.body && typeof res.body === "object" ? Object.keys(res.body).join(", ") || "none" : typeof res.body;
      throw new Error(`rolloutCrm: GET /people answered ${res.status} without a \`people\` array (keys: ${keys}); it is not read as an empty list.`);
    }
    const metadata = res.body?._metadata;
    const cursor = metadata?.next;
    return { items: people, total: metadata?.total, next: cursor ? () => this.listPeople(cursor) : undefined };
  }

  /** Every person, page by page (the API documents no filter: public clients compare e-mails this way). */
  async allPeople(): Promise<ApiPerson[]> {
    const found: ApiPerson[] = [];
    for (let page: Page<ApiPerson> | undefined = await this.listPeople(); page; page = page.next ? await page.next() : undefined) found.push(...page.items);
    return found;
  }

  async getPerson(id: string): Promise<ApiPerson | undefined> {
    return orUndefinedOn404(async () => (await this.client.request<ApiPerson>({ method: "GET", path: personPath(id) })).body);
  }

  /** POST /people. Not repeated after a 5xx or a lost response; 409 "not ready" is waited out (not executed). */
  async createPerson(body: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "POST", path: "/people", body });
    if (!res.body) throw new Error("rolloutCrm: POST /people answered without the person");
    return res.body;
  }

  async updatePerson(id: string, body: JsonObject): Promise<ApiPerson> {
    const res = await this.client.request<ApiPerson>({ method: "PUT", path: personPath(id), body });
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
    const res = await client.request<ApiCredential[]>({ method: "GET", path: "/credentials" });
    return Array.isArray(res.body) ? res.body : [];
  } catch (err) {
    // Some clients see 404 when the user has no credential at all.
    if (err instanceof ApiError && err.status === 404) return [];
    throw err;
  }
}

export function personPath(id: string): string {
  return `/people/${encodeURIComponent(id)}`;
}
