import type { CrmPresentation } from "../crm/presentation";

export const presentation: CrmPresentation = {
  title: "RogerRoger",
  argsTypeName: "RogerRogerPersonArgs",
  exportName: "RogerRoger",
  resourcePrefix: "rogerroger",
  requiredFields: ["familyName"],
};
