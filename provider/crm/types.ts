import type * as pulumi from "@pulumi/pulumi";
import type { JsonValue } from "../core/normalize";

/** The CRMs a {@link CrmPerson} can live in. */
export type CrmName = "rogerroger" | "outseta" | "rolloutCrm";

export const CRM_NAMES: readonly CrmName[] = ["rogerroger", "outseta", "rolloutCrm"];

/** A phone number of a person. */
export interface PhoneNumber {
  /** The number as the CRM should show it, e.g. `+31 20 123 4567`. */
  number: string;
  /** The kind of number, passed through as the CRM names it (RogerRoger's `phoneType`, the Universal CRM's `type`). */
  type?: string;
}

/** An Outseta phone number: Outseta has one mobile and one work number per person. */
export interface OutsetaPhoneNumber {
  /** The number as Outseta should show it. */
  number: string;
  /** `"mobile"` (Outseta's `PhoneMobile`) or `"work"` (`PhoneWork`). */
  type: "mobile" | "work";
}

/** A postal address. Every part is optional; set the ones the CRM should hold. */
export interface PostalAddress {
  /** Street and number (RogerRoger `street`, Outseta `AddressLine1`, Universal CRM `street`). */
  street?: string;
  /** City or town. */
  city?: string;
  /** Postal code (Universal CRM `code`). */
  postalCode?: string;
  /** State, province or region (Outseta `State`, Universal CRM `state`; RogerRoger has none). */
  region?: string;
  /** ISO 3166-1 alpha-2 country code, e.g. `NL`; Outseta stores the country's English name. */
  country?: string;
}

/** A RogerRoger address: RogerRoger's address has no region. */
export type RogerRogerAddress = Omit<PostalAddress, "region">;

/**
 * RogerRoger person properties without a common field, written as the API names them
 * (api/rogerroger.md, "Object schema: Person"). Relations are IRIs such as `/users/{id}`.
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

/**
 * Rollout Universal CRM person properties without a common field, as the API names them
 * (api/rollout-universal-crm.md, "Object schema: Person").
 */
export interface RolloutCrmPersonFields {
  /** Tag names (the list is replaced as a whole). */
  tags?: string[];
  /** Pipeline stage name. */
  stage?: string;
  /** Pipeline stage id. */
  stageId?: string;
  /** Id of the CRM user the person is assigned to. */
  assignedUserId?: string;
  /** Id of the lead pond the person is assigned to. */
  assignedPondId?: string;
  /** Office id. */
  officeId?: string;
  /** Timeframe id. */
  timeframeId?: string;
  /** Lead source name. */
  source?: string;
  /** Lead source id. */
  sourceId?: string;
  /** The system the lead came from. */
  systemSource?: string;
  /** Contact types. */
  contactTypes?: string[];
  /** Company name. */
  companyName?: string;
  /** Birthday (a date string). */
  birthday?: string;
  /** Average number of bedrooms of the buyer profile. */
  averageBeds?: number;
  /** Average price of the buyer profile. */
  averagePrice?: number;
  /** Last activity. */
  lastActivity?: string;
  /** Type of the last activity. */
  lastActivityType?: string;
  /** Communication consents. */
  communicationsConsent?: {
    email?: boolean;
    call?: boolean;
    text?: boolean;
    massEmail?: boolean;
    postalMail?: boolean;
    visit?: boolean;
  };
}

/** The arguments every backend shares. */
interface CrmPersonCommonArgs {
  /** First name (RogerRoger `givenName`, Outseta `FirstName`, Universal CRM `firstName`). */
  readonly givenName?: pulumi.Input<string>;
  /** Last name (RogerRoger `familyName`, Outseta `LastName`, Universal CRM `lastName`). */
  readonly familyName?: pulumi.Input<string>;
  /** E-mail addresses, the primary one first; stored lower-case. The list is managed as a whole. */
  readonly emails?: pulumi.Input<readonly pulumi.Input<string>[]>;
  /** Phone numbers, the primary one first. The list is managed as a whole. */
  readonly phones?: pulumi.Input<readonly pulumi.Input<PhoneNumber>[]>;
  /** The postal address, managed as a whole: a part set by hand in a managed address is drift. */
  readonly address?: pulumi.Input<PostalAddress>;
  /** Job title (Outseta `Title`). */
  readonly jobTitle?: pulumi.Input<string>;
  /**
   * Adopt an existing person instead of creating one: that person's id in the CRM. On
   * create the provider reads the person and patches it to this program's values.
   */
  readonly importId?: pulumi.Input<string>;
}

/** A person in RogerRoger. */
export interface RogerRogerPersonArgs extends CrmPersonCommonArgs {
  /** The CRM: RogerRoger. A change of CRM replaces the person. */
  readonly crm: "rogerroger";
  /** Last name: RogerRoger requires one. */
  readonly familyName: pulumi.Input<string>;
  /** The postal address (RogerRoger's has no region). */
  readonly address?: pulumi.Input<RogerRogerAddress>;
  /** RogerRoger properties without a common field, passed through as they are. */
  readonly fields?: pulumi.Input<RogerRogerPersonFields>;
}

/** A person in Outseta. */
export interface OutsetaPersonArgs extends CrmPersonCommonArgs {
  /** The CRM: Outseta. A change of CRM replaces the person. */
  readonly crm: "outseta";
  /** The person's e-mail: Outseta requires exactly one, unique in the account. */
  readonly emails: pulumi.Input<readonly [pulumi.Input<string>]>;
  /** Up to one mobile and one work number. */
  readonly phones?: pulumi.Input<readonly pulumi.Input<OutsetaPhoneNumber>[]>;
  /** Outseta properties without a common field (e.g. `Timezone`, `Language`, custom properties), PascalCase as Outseta names them. */
  readonly fields?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
}

/** A person in the Rollout Universal CRM. */
export interface RolloutCrmPersonArgs extends CrmPersonCommonArgs {
  /** The CRM: the Rollout Universal CRM API. A change of CRM replaces the person. */
  readonly crm: "rolloutCrm";
  /** Universal CRM properties without a common field, passed through as they are. */
  readonly fields?: pulumi.Input<RolloutCrmPersonFields>;
}

/** Arguments of a {@link CrmPerson}: a union on `crm`, so each backend's required fields are required here too. */
export type CrmPersonArgs = RogerRogerPersonArgs | OutsetaPersonArgs | RolloutCrmPersonArgs;

/** The person as the provider models it, whatever the backend (absent = not set). */
export interface PersonModel {
  givenName?: string;
  familyName?: string;
  emails?: string[];
  phones?: PhoneNumber[];
  address?: PostalAddress;
  jobTitle?: string;
  /** Backend-native properties, by their API names. */
  fields?: Record<string, JsonValue>;
}

/** Inputs after `check`: validated and normalised. */
export interface CrmPersonInputs extends PersonModel {
  crm: CrmName;
  importId?: string;
}

/** Outputs: the live values of the managed fields, plus the bookkeeping a later update needs. */
export interface CrmPersonOutputs extends PersonModel {
  crm: CrmName;
  importId?: string;
  /** The fields the program manages (see ownership.ts): what a later update clears when the program drops one. */
  managedFields: string[];
  /** Backend ids a later update needs (Outseta: `mailingAddressUid`). */
  backendRefs?: Record<string, string>;
}

/** The person fields every backend shares, in the order they are shown. */
export const COMMON_FIELDS = ["givenName", "familyName", "emails", "phones", "address", "jobTitle"] as const;
export type CommonField = (typeof COMMON_FIELDS)[number];
