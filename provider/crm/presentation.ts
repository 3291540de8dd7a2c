/**
 * How a CRM is shown: its titles, and the names the module `adopt` writes takes for it.
 * Data on the CRM's profile, so that the CLI names no CRM.
 */
import type { ServicePresentation } from "../plugin/presentation";

export interface CrmPresentation extends ServicePresentation {
  /** The name the package exports the CRM's CrmPerson arguments under ("OutsetaPersonArgs"). */
  readonly argsTypeName: string;
  /** The CRM's part of the names an adopted module exports (`adopted<exportName>People`), so modules of several CRMs sit side by side. */
  readonly exportName: string;
  /** The head of an adopted person's resource name (`<resourcePrefix>-ada`), so people of two CRMs in one stack never clash. */
  readonly resourcePrefix: string;
  /** The common fields a person must have on this CRM (its args type and `check` require them): `adopt --fields` must list them. */
  readonly requiredFields: readonly string[];
}
