/** Rollout Universal CRM API shapes (the Universal CRM API documentation); fields may be missing or null. */

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
