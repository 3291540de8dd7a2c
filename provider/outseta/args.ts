/** The arguments of a CrmPerson in Outseta (the public types of this service). */
import type * as pulumi from "@pulumi/pulumi";
import type { CrmPersonCommonArgs } from "../crm/types";

/** An Outseta phone number: Outseta has one mobile and one work number per person. */
export interface OutsetaPhoneNumber {
  /** The number as Outseta should show it. */
  number: string;
  /** `"mobile"` (Outseta's `PhoneMobile`) or `"work"` (`PhoneWork`). */
  type: "mobile" | "work";
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
