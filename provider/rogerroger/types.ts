/** RogerRoger API shapes (RogerRoger's API documentation); every field may be missing or null. */
import { all, count, fields, identified, listOf, type Check } from "../http/shape";

/** A person as the API returns it (JSON-LD). */
export interface ApiPerson {
  "@id"?: string;
  "@type"?: string;
  id?: string;
  familyName?: string | null;
  givenName?: string | null;
  jobTitle?: string | null;
  emailAddresses?: { email?: string | null }[] | null;
  phoneNumbers?: { phoneNumber?: string | null; phoneType?: string | null }[] | null;
  address?: { street?: string | null; postalCode?: string | null; city?: string | null; country?: string | null } | null;
  [native: string]: unknown;
}

/** A person note as the API returns it (JSON-LD). */
export interface ApiNote {
  "@id"?: string;
  id?: string;
  title?: string | null;
  description?: string | null;
  flagged?: boolean | null;
  isPrivate?: boolean | null;
  author?: string | null;
  category?: string | null;
  createdAt?: string | null;
}

/** A Hydra collection without the `hydra:` prefix (the API's examples). */
export interface HydraCollection<T> {
  member?: T[];
  totalItems?: number;
  view?: { next?: string };
}

/** What the code relies on in a person the API answers (http/shape.ts): an id, and the kinds of the fields the mapping reads. */
export const personShape: Check = all(
  identified("id", "@id"),
  fields({ givenName: "string", familyName: "string", jobTitle: "string", emailAddresses: "array", phoneNumbers: "array", address: "object" }),
);

/** The same for a note. */
export const noteShape: Check = all(
  identified("id", "@id"),
  fields({ title: "string", description: "string", flagged: "boolean", isPrivate: "boolean", author: "string", category: "string" }),
);

/** A Hydra collection of `item`: `member` is required (a 2xx `{"message": "JWT Token not found"}` is not a list: RogerRoger's API documentation). */
export function collectionShape(item: Check): Check {
  return all(listOf("member", item), count(["totalItems"]), fields({ view: "object" }), (body) => {
    const next = (body as HydraCollection<unknown>).view?.next;
    return next === undefined || next === null || typeof next === "string" ? undefined : "`view.next` is not a string";
  });
}
