/**
 * The ready service of a REST CRM, built the one way every CRM here builds it: the client
 * of its people API, whose writes keep the read caches current (reads/writeThrough.ts); the
 * batched reader of people over the list's pages (reads/pagedReader.ts); the natural-key
 * lookup the creates are checked against (core/keyLookup.ts). A CRM's profile states only
 * what differs: its address and credentials, its API class, its page size and record id,
 * its e-mail lookup, and where a write names a person.
 */
import type { KeyLookup, KeyLookupOptions } from "../core/keyLookup";
import type { ServiceClient, ServiceClientOptions } from "../http/client";
import type { ClientOptions, ConnectKit } from "../plugin/profile";
import { PagedReader, type Page } from "../reads/pagedReader";
import { readerCache, writeThrough } from "../reads/writeThrough";
import type { PersonRequests } from "./person/adapter";

/** What `connectCrm` builds: the API, and the two caches its writes keep current. */
export interface CrmService<Api, P> {
  api: Api;
  /** Reads of people, batched over the list's pages (see reads/pagedReader.ts). */
  people: PagedReader<P>;
  /** Existence checks of creates: people by e-mail, shared between the creates of the moment. */
  peopleByEmail: KeyLookup<P>;
}

/** The requests `connectCrm` pages and reads people with: the first page of the list, and one person. */
export interface PeopleRequests<P> extends PersonRequests<P> {
  listPeople(): Promise<Page<P>>;
}

type OnWrite = NonNullable<ServiceClientOptions["onWrite"]>;

/** What differs between the CRMs. */
export interface CrmConnection<Api extends PeopleRequests<P>, P> {
  /** The people API's client: address, credentials and their secrets, retry rules. Its writes are `writes`'. */
  readonly client: Omit<ClientOptions, "onWrite">;
  /** The API class over that client. */
  api(client: ServiceClient): Api;
  /** Records per page of the people list (to count the pages left). */
  readonly pageSize: number;
  /** A person's id (the resource id), as the pages and the lookup file it. */
  idOf(person: P): string;
  /** The natural-key lookup: people by lower-case e-mail (the CRM's `lookup.ts`). */
  lookup(api: Api, options: KeyLookupOptions): KeyLookup<P>;
  /**
   * How the API's writes keep the caches current: the path of one person, its first group the
   * id (`writeThrough` on both caches); or, for a CRM with caches of its own beside these
   * (RogerRoger's notes), the client's whole `onWrite`, given the service.
   */
  readonly writes: RegExp | ((service: CrmService<Api, P>) => OnWrite);
}

export function connectCrm<Api extends PeopleRequests<P>, P>(kit: ConnectKit, crm: CrmConnection<Api, P>): CrmService<Api, P> {
  const { batchMs, run } = kit;
  // The caches read through the API, and the API's writes update the caches: the client
  // reaches `onWrite` only when a write is answered, by when it is built below.
  const api = crm.api(kit.client({ ...crm.client, onWrite: (req, outcome) => onWrite(req, outcome) }));
  const peopleByEmail = crm.lookup(api, { batchMs, run });
  const people = new PagedReader<P>(
    { firstPage: () => api.listPeople(), getOne: (id) => api.getPerson(id), keyOf: crm.idOf, pageSize: crm.pageSize },
    { batchMs },
  );
  const service: CrmService<Api, P> = { api, people, peopleByEmail };
  const onWrite: OnWrite = crm.writes instanceof RegExp ? writeThrough<P>(crm.writes, () => [readerCache(people), peopleByEmail]) : crm.writes(service);
  return service;
}
