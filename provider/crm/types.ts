import type * as pulumi from "@pulumi/pulumi";
import type { JsonValue } from "../core/normalize";

/** A phone number of a person. */
export interface PhoneNumber {
  /** The number as the CRM should show it, e.g. `+31 20 123 4567`. */
  number: string;
  /** The kind of number, passed through as the CRM names it (RogerRoger's `phoneType`, the Universal CRM's `type`). */
  type?: string;
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

/** The arguments every backend shares; each CRM's Args extend them (see its args.ts). */
export interface CrmPersonCommonArgs {
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

/**
 * The opt-in to a second person with an e-mail already in use, for the CRMs whose API allows
 * it (RogerRoger, the Universal CRM; Outseta's e-mails are unique, so its args lack it).
 */
export interface DuplicateEmailArgs {
  /**
   * Let the create make a new person even when the CRM already holds one with this primary
   * e-mail and other values. Without it (the default) such a create refuses, naming
   * `aliases` and `importId`, and writes nothing. A person holding the e-mail with exactly
   * the program's values is adopted either way: it cannot be told apart from the person
   * this resource's own earlier create made (a lost response, an interrupted `up`), and a
   * second POST would duplicate that one. Only the create looks at it.
   */
  readonly allowDuplicateEmail?: pulumi.Input<boolean>;
}

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
  /** The CRM: a name of the registry. */
  crm: string;
  importId?: string;
  /** See {@link DuplicateEmailArgs}: not a field of the person, read by create only. */
  allowDuplicateEmail?: boolean;
  /** The resource's own name in the program (RESOURCE_NAME_KEY in core/check.ts); never diffed. */
  __resourceName?: string;
}

/** Outputs: the live values of the managed fields, plus the bookkeeping a later update needs. */
export interface CrmPersonOutputs extends PersonModel {
  crm: string;
  importId?: string;
  allowDuplicateEmail?: boolean;
  __resourceName?: string;
  /** The fields the program manages (see ownership.ts): what a later update clears when the program drops one. */
  managedFields: string[];
  /** Backend ids a later update needs (Outseta: `mailingAddressUid`). */
  backendRefs?: Record<string, string>;
}

/** The person fields every backend shares, in the order they are shown. */
export const COMMON_FIELDS = ["givenName", "familyName", "emails", "phones", "address", "jobTitle"] as const;
export type CommonField = (typeof COMMON_FIELDS)[number];
