import type { JsonObject } from "../../../provider/core/normalize";
import { queryString, type ServiceClient } from "../../../provider/http/client";
import { deleted, orUndefinedOn404 } from "../../../provider/http/errors";
import { json } from "../../../provider/http/shape";
import type { Page } from "../../../provider/reads/pagedReader";
import { PagingGuard } from "../../../provider/reads/pagingGuard";
import { contactListShape, contactShape, type ApiContact, type ApiContactList } from "./types";

const CONTACTS = json("a list of contacts", contactListShape);
const CONTACT = json("a contact", contactShape);

/** The most contacts one page holds. */
export const PAGE_SIZE = 50;

/** The fixture CRM's contacts API, one method per request. Read caches follow writes through the client's `onWrite` (profile.ts). */
export class FixtureApi {
  constructor(private readonly client: ServiceClient) {}

  /** The first page of contacts; each page links the next by an opaque cursor. */
  listPeople(): Promise<Page<ApiContact>> {
    return this.pageAt(undefined, new PagingGuard("fixtureCrm"));
  }

  private async pageAt(cursor: string | undefined, guard: PagingGuard): Promise<Page<ApiContact>> {
    const query = cursor === undefined ? { limit: PAGE_SIZE } : { limit: PAGE_SIZE, cursor };
    const res = await this.client.request<ApiContactList>({ method: "GET", path: "/contacts", query, expect: CONTACTS });
    const items = res.body!.contacts!;
    const next = res.body!.nextCursor ?? undefined;
    guard.check({ path: `/contacts${queryString(query)}`, status: res.status, ref: cursor ?? "(first page)", next, ids: items.map((c) => c.id!), total: undefined });
    return { items, next: next !== undefined ? () => this.pageAt(next, guard) : undefined };
  }

  /** The contacts with this e-mail (`?email=`, exact and case-insensitive; unique, so at most one). */
  async findByEmail(email: string): Promise<ApiContact[]> {
    const res = await this.client.request<ApiContactList>({ method: "GET", path: "/contacts", query: { email }, expect: CONTACTS });
    return res.body!.contacts!;
  }

  getPerson(id: string): Promise<ApiContact | undefined> {
    return orUndefinedOn404(async () => (await this.client.request<ApiContact>({ method: "GET", path: contactPath(id), expect: CONTACT })).body);
  }

  /** POST answers 201; 409 when the e-mail is taken. Never repeated after a 5xx or a lost response. */
  async createPerson(body: JsonObject): Promise<ApiContact> {
    return (await this.client.request<ApiContact>({ method: "POST", path: "/contacts", body, expect: CONTACT })).body!;
  }

  /** PATCH is a JSON merge patch (null clears a field): applying it twice is harmless, so it is retried after a 5xx. */
  async updatePerson(id: string, body: JsonObject): Promise<ApiContact> {
    return (await this.client.request<ApiContact>({ method: "PATCH", path: contactPath(id), body, expect: CONTACT })).body!;
  }

  /** DELETE answers 204; false when the contact was already gone. */
  deletePerson(id: string): Promise<boolean> {
    return deleted(() => this.client.request({ method: "DELETE", path: contactPath(id) }));
  }
}

export function contactPath(id: string): string {
  return `/contacts/${encodeURIComponent(id)}`;
}
