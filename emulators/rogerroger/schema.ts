/**
 * RogerRoger's records: the Person (the API's examples, RogerRoger's API documentation "Object schema: Person"), its
 * writable fields, its validation (422) and its JSON-LD representation, in the seed's key
 * order; and the person note (below).
 */
import { ISO_COUNTRIES } from "../core/countries";
import { formatAtom, type Address, type Fields } from "./serializer";
import { INVALID_EMAIL, NOT_BLANK, NO_SUCH_COUNTRY, type Violation } from "./errors";

export const PERSON_FIELDS: Fields = [
  ["familyName", "string"],
  ["givenName", "string"],
  ["additionalName", "string"],
  ["initials", "string"],
  ["customerId", "string"],
  ["honorificPrefix", "string"],
  ["isTracked", "boolean"],
  ["linkedinId", "string"],
  ["externalSource", "string"],
  ["archivedAt", "datetime"],
  ["owner", { iri: "/users/" }],
  ["jobTitle", "string"],
  ["tags", { iris: "/tags/" }],
  ["segments", { iris: "/segments/" }],
  ["organizations", { iris: "/organizations/" }],
  ["emailAddresses", "emailAddresses"],
  ["phoneNumbers", "phoneNumbers"],
  ["address", "address"],
  // Write-only: the API answers `avatarUrl` instead.
  ["avatar", { iri: "/media_objects/" }],
  ["integrationParticipants", "uris"],
  // Listed on developer.rogerroger.io/crm/people, absent from the seed's samples.
  ["dealSize", "integer"],
  ["totalDeals", "integer"],
  ["totalLostDeals", "integer"],
  ["totalWonDeals", "integer"],
];

export interface PersonRecord {
  id: string;
  createdAt: number;
  updatedAt: number;
  /** Suffix of the embedded address's blank-node `@id`; new each time an address is set. */
  addressId: string | null;
  /** The writable fields, as `deserialize` produced them. */
  fields: Record<string, unknown>;
}

// Symfony's Email constraint in its default "html5" mode.
const EMAIL =
  /^[a-zA-Z0-9.!#$%&'*+/=?^_`{|}~-]+@[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?(?:\.[a-zA-Z0-9](?:[a-zA-Z0-9-]{0,61}[a-zA-Z0-9])?)+$/;

/**
 * Validation after deserialization (422). `familyName` is required by the seed ("a person
 * must always contain a familyname"; NotBlank fails on null and "", not on spaces); e-mails
 * and the country get the Symfony constraints a CRM built on API Platform puts on them.
 */
export function validatePerson(fields: Record<string, unknown>): Violation[] {
  const found: Violation[] = [];
  if (fields.familyName === null || fields.familyName === "") {
    found.push({ propertyPath: "familyName", message: "This value should not be blank.", code: NOT_BLANK });
  }
  // Symfony's Email constraint skips null and "", as the seed's `{"email": null}` sample allows.
  (fields.emailAddresses as { email: string | null }[]).forEach(({ email }, i) => {
    if (email !== null && email !== "" && !EMAIL.test(email)) {
      found.push({ propertyPath: `emailAddresses[${i}].email`, message: "This value is not a valid email address.", code: INVALID_EMAIL });
    }
  });
  const country = (fields.address as Address | null)?.country;
  if (country !== null && country !== undefined && !ISO_COUNTRIES.has(country)) {
    found.push({ propertyPath: "address.country", message: "This value is not a valid country.", code: NO_SUCH_COUNTRY });
  }
  return found;
}

export function personIri(id: string): string {
  return `/people/${id}`;
}

/** The JSON-LD document of a person, keys in the order of the seed's response sample. */
export function personView(record: PersonRecord): Record<string, unknown> {
  const f = record.fields;
  const address = f.address as Address | null;
  return {
    "@context": "/contexts/Person",
    "@id": personIri(record.id),
    "@type": "Person",
    familyName: f.familyName,
    givenName: f.givenName,
    additionalName: f.additionalName,
    initials: f.initials,
    customerId: f.customerId,
    honorificPrefix: f.honorificPrefix,
    isTracked: f.isTracked,
    linkedinId: f.linkedinId,
    externalSource: f.externalSource,
    createdAt: formatAtom(record.createdAt),
    updatedAt: formatAtom(record.updatedAt),
    importedAt: null,
    archivedAt: f.archivedAt,
    owner: f.owner,
    jobTitle: f.jobTitle,
    tags: f.tags,
    segments: f.segments,
    organizations: f.organizations,
    emailAddresses: (f.emailAddresses as { email: string | null }[]).map(({ email }) => ({
      "@context": "/contexts/EmailAddress",
      "@type": "EmailAddress",
      email,
    })),
    phoneNumbers: (f.phoneNumbers as { phoneNumber: string | null; phoneType: string | null }[]).map((p) => ({
      "@context": "/contexts/PhoneNumber",
      "@type": "PhoneNumber",
      phoneNumber: p.phoneNumber,
      phoneType: p.phoneType,
    })),
    address: address && {
      "@context": "/contexts/Address",
      "@id": `/.well-known/genid/${record.addressId}`,
      "@type": "Address",
      city: address.city,
      postalCode: address.postalCode,
      street: address.street,
      country: address.country,
    },
    // The emulator stores no media objects, so there is never a URL to show.
    avatarUrl: null,
    integrationParticipants: f.integrationParticipants,
    dealSize: f.dealSize,
    totalDeals: f.totalDeals,
    totalLostDeals: f.totalLostDeals,
    totalWonDeals: f.totalWonDeals,
    linkedinEnrichment: [],
    id: record.id,
  };
}

// ---------------------------------------------------------------------------------------
/*
 * The RogerRoger person note (the API's examples, RogerRoger's API documentation "Object schema: Note"). No field
 * is required (open question 6). `personId`, `id` and `createdAt` appear in the seed's write
 * bodies but the path names the person and the server sets the rest, so they are ignored.
 */


export const NOTE_FIELDS: Fields = [
  ["title", "string"],
  ["description", "string"],
  ["flagged", "boolean"],
  ["isPrivate", "boolean"],
  ["author", { iri: "/users/" }],
  ["category", { iri: "/note_categories/" }],
];

export interface NoteRecord {
  id: string;
  personId: string;
  createdAt: number;
  /** Creation sequence number: orders notes created within the same millisecond. */
  seq: number;
  fields: Record<string, unknown>;
}

/** The JSON-LD document of a note, keys in the order of the seed's response sample. */
export function noteView(note: NoteRecord): Record<string, unknown> {
  const f = note.fields;
  return {
    "@context": "/contexts/PersonNote",
    "@id": `/people/${note.personId}/notes/${note.id}`,
    "@type": "PersonNote",
    id: note.id,
    createdAt: formatAtom(note.createdAt),
    description: f.description,
    title: f.title,
    flagged: f.flagged,
    isPrivate: f.isPrivate,
    author: f.author,
    category: f.category,
  };
}

/**
 * "Ordered by flag and creation date" (the API's examples): flagged notes first, then newest first
 * (the order a CRM timeline shows; the direction is not documented).
 */
export function noteOrder(a: NoteRecord, b: NoteRecord): number {
  const flag = Number(b.fields.flagged === true) - Number(a.fields.flagged === true);
  return flag !== 0 ? flag : b.createdAt - a.createdAt || b.seq - a.seq;
}
