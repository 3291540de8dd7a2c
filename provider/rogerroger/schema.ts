/**
 * RogerRoger's writable person properties without a common field, and their JSON types
 * (RogerRoger's API documentation, "Object schema: Person"; the emulator's PERSON_FIELDS, which a test
 * keeps equal). Relations are IRIs, never embedded objects.
 */
import type { NativeSchema } from "../crm/nativeFields";
import { COMMON_NAMES } from "./mapping";

export const ROGERROGER_FIELDS = {
  additionalName: "string",
  initials: "string",
  customerId: "string",
  honorificPrefix: "string",
  isTracked: "boolean",
  linkedinId: "string",
  externalSource: "string",
  archivedAt: "datetime",
  owner: { iri: "/users/" },
  tags: { iris: "/tags/" },
  segments: { iris: "/segments/" },
  organizations: { iris: "/organizations/" },
  integrationParticipants: "uris",
  dealSize: "integer",
  totalDeals: "integer",
  totalLostDeals: "integer",
  totalWonDeals: "integer",
} as const satisfies NativeSchema["fields"];

const SET_BY_ROGERROGER = "set by RogerRoger itself and cannot be written";

export const ROGERROGER_SCHEMA: NativeSchema = {
  title: "RogerRoger",
  fields: ROGERROGER_FIELDS,
  commonNames: COMMON_NAMES,
  refused: {
    avatar: "write-only in RogerRoger (reads answer avatarUrl), so it could never be compared; set it in RogerRoger",
    ...Object.fromEntries(["@context", "@id", "@type", "id", "createdAt", "updatedAt", "importedAt", "avatarUrl", "linkedinEnrichment"].map((n) => [n, SET_BY_ROGERROGER])),
  },
};
