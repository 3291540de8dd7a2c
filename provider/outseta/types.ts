/** Outseta API shapes (Outseta's API documentation); PascalCase, `""` common for unset strings. */
import { all, count, fields, identified, listOf, type Check } from "../http/shape";

export interface ApiAddress {
  Uid?: string | null;
  AddressLine1?: string | null;
  AddressLine2?: string | null;
  AddressLine3?: string | null;
  City?: string | null;
  State?: string | null;
  PostalCode?: string | null;
  Country?: string | null;
  [other: string]: unknown;
}

/** A person as the API returns it. */
export interface ApiPerson {
  Uid?: string;
  Email?: string | null;
  FirstName?: string | null;
  LastName?: string | null;
  PhoneMobile?: string | null;
  PhoneWork?: string | null;
  Title?: string | null;
  MailingAddress?: ApiAddress | null;
  [native: string]: unknown;
}

/** A list answer: `offset` is a page index, not a record count. */
export interface ApiList<T> {
  metadata?: { limit?: number; offset?: number; total?: number };
  items?: T[];
}

/** What the code relies on in a person the API answers (http/shape.ts): a `Uid`, and the kinds of the fields the mapping reads. */
export const personShape: Check = all(
  identified("Uid"),
  fields({ Email: "string", FirstName: "string", LastName: "string", PhoneMobile: "string", PhoneWork: "string", Title: "string", MailingAddress: "object" }),
);

/** A list answer of people: `items` is required, `metadata.total` a count when present. */
export const peopleListShape: Check = all(listOf("items", personShape), fields({ metadata: "object" }), count(["metadata", "total"]));
