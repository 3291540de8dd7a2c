import type { CrmPresentation } from "../crm/presentation";

export const presentation: CrmPresentation = {
  title: "Universal CRM",
  argsTypeName: "RolloutCrmPersonArgs",
  exportName: "RolloutCrm",
  resourcePrefix: "rollout-crm",
  requiredFields: [],
};
