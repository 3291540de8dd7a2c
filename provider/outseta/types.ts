/** Outseta API shapes (Outseta's API documentation); PascalCase, `""` common for unset strings. */

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
