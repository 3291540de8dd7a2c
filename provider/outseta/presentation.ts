import type { CrmPresentation } from "../crm/presentation";

export const presentation: CrmPresentation = {
  title: "Outseta",
  argsTypeName: "OutsetaPersonArgs",
  exportName: "Outseta",
  resourcePrefix: "outseta",
  requiredFields: ["emails"],
};
