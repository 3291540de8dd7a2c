/** RogerRoger API shapes (RogerRoger's API documentation); every field may be missing or null. */

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
