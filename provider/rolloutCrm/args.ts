/** The arguments of a CrmPerson in the Rollout Universal CRM (the public types of this service). */
import type * as pulumi from "@pulumi/pulumi";
import type { CrmPersonCommonArgs, DuplicateEmailArgs } from "../crm/types";

/**
 * Rollout Universal CRM person properties without a common field, as the API names them
 * (the Universal CRM API documentation, "Object schema: Person").
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

/**
 * A person in the Rollout Universal CRM (its API has no duplicate detection, so people may
 * share an e-mail: see `allowDuplicateEmail`; the connected CRM behind it may still merge them).
 */
export interface RolloutCrmPersonArgs extends CrmPersonCommonArgs, DuplicateEmailArgs {
  /** The CRM: the Rollout Universal CRM API. A change of CRM replaces the person. */
  readonly crm: "rolloutCrm";
  /** Universal CRM properties without a common field, passed through as they are. */
  readonly fields?: pulumi.Input<RolloutCrmPersonFields>;
}
