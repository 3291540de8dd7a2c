/** The arguments of a CrmPerson in RogerRoger (the public types of this service). */
import type * as pulumi from "@pulumi/pulumi";
import type { CrmPersonCommonArgs, DuplicateEmailArgs, PostalAddress } from "../crm/types";

/** A RogerRoger address: RogerRoger's address has no region. */
export type RogerRogerAddress = Omit<PostalAddress, "region">;

/**
 * RogerRoger person properties without a common field, written as the API names them
 * (RogerRoger's API documentation, "Object schema: Person"). Relations are IRIs such as `/users/{id}`.
 */
export interface RogerRogerPersonFields {
  /** Middle name. */
  additionalName?: string;
  /** Initials. */
  initials?: string;
  /** Your own customer number. */
  customerId?: string;
  /** Title before the name, e.g. `Dr.`. */
  honorificPrefix?: string;
  /** Whether RogerRoger tracks the person's activity. */
  isTracked?: boolean;
  /** LinkedIn profile id. */
  linkedinId?: string;
  /** The system the person came from. */
  externalSource?: string;
  /** When the person was archived (ISO 8601 date-time). */
  archivedAt?: string;
  /** The owning user, an IRI `/users/{id}`. */
  owner?: string;
  /** Tags, IRIs `/tags/{id}` (the list is replaced as a whole). */
  tags?: string[];
  /** Segments, IRIs `/segments/{id}`. */
  segments?: string[];
  /** Organizations, IRIs `/organizations/{id}`. */
  organizations?: string[];
  /** Integration participant URIs. */
  integrationParticipants?: string[];
  /** Deal size. */
  dealSize?: number;
  /** Number of deals. */
  totalDeals?: number;
  /** Number of lost deals. */
  totalLostDeals?: number;
  /** Number of won deals. */
  totalWonDeals?: number;
}

/** A person in RogerRoger (people may share an e-mail there: see `allowDuplicateEmail`). */
export interface RogerRogerPersonArgs extends CrmPersonCommonArgs, DuplicateEmailArgs {
  /** The CRM: RogerRoger. A change of CRM replaces the person. */
  readonly crm: "rogerroger";
  /** Last name: RogerRoger requires one. */
  readonly familyName: pulumi.Input<string>;
  /** The postal address (RogerRoger's has no region). */
  readonly address?: pulumi.Input<RogerRogerAddress>;
  /** RogerRoger properties without a common field, passed through as they are. */
  readonly fields?: pulumi.Input<RogerRogerPersonFields>;
}
