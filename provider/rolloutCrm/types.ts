/** Rollout Universal CRM API shapes (the Universal CRM API documentation); fields may be missing or null. */
import { all, count, fields, identified, listOf, type Check } from "../http/shape";

/** An e-mail or phone entry. */
export interface ApiContact {
  value?: string | null;
  type?: string | null;
  status?: string | null;
  isPrimary?: boolean | null;
}

export interface ApiAddress {
  type?: string | null;
  street?: string | null;
  city?: string | null;
  state?: string | null;
  /** The postal code. */
  code?: string | null;
  country?: string | null;
}

/** A person as the API returns it. */
export interface ApiPerson {
  id?: string;
  firstName?: string | null;
  lastName?: string | null;
  jobTitle?: string | null;
  emails?: ApiContact[] | null;
  phones?: ApiContact[] | null;
  addresses?: ApiAddress[] | null;
  [native: string]: unknown;
}

/** `GET /people`: the array key is the collection name. */
export interface ApiPeopleList {
  _metadata?: { collection?: string; offset?: number; limit?: number; total?: number; next?: string | null; nextLink?: string | null };
  people?: ApiPerson[];
}

/** One item of `GET {credentialsUrl}/credentials`. */
export interface ApiCredential {
  id?: string;
  appKey?: string;
}

/** What the code relies on in a person the API answers (http/shape.ts): an `id`, and the kinds of the fields the mapping reads. */
export const personShape: Check = all(
  identified("id"),
  fields({ firstName: "string", lastName: "string", jobTitle: "string", emails: "array", phones: "array", addresses: "array" }),
);

/**
 * `GET /people`: the `people` array is required (the overview speaks of a generic `data`
 * array: the Universal CRM API documentation), `_metadata.total` a count and `_metadata.next` a
 * string when present.
 */
export const peopleListShape: Check = all(listOf("people", personShape), fields({ _metadata: "object" }), count(["_metadata", "total"]), (body) =>
  fields({ next: "string" })((body as ApiPeopleList)._metadata ?? {}) === undefined ? undefined : "`_metadata.next` is not a string",
);

/** `GET /credentials`: an array of credentials, each with its id. */
export const credentialsShape: Check = listOf(undefined, identified("id"));
