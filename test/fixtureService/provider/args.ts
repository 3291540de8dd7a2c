/** The arguments of a CrmPerson in the fixture CRM (the public types of this service). */
import type * as pulumi from "@pulumi/pulumi";
import type { CrmPersonCommonArgs } from "../../../provider/crm/types";

/** A contact in the fixture CRM. */
export interface FixtureCrmPersonArgs extends CrmPersonCommonArgs {
  /** The CRM: the fixture. A change of CRM replaces the person. */
  readonly crm: "fixtureCrm";
  /** At most one e-mail, unique in the account. */
  readonly emails?: pulumi.Input<readonly [pulumi.Input<string>]>;
  /** `company` (a string) and `tags` (strings). */
  readonly fields?: pulumi.Input<Record<string, pulumi.Input<unknown>>>;
}
