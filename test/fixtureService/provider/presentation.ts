import type { CrmPresentation } from "../../../provider/crm/presentation";

export const presentation: CrmPresentation = {
  title: "Fixture CRM",
  argsTypeName: "FixtureCrmPersonArgs",
  exportName: "FixtureCrm",
  resourcePrefix: "fixture-crm",
  requiredFields: [],
};
