import type { ServicePresentation } from "../plugin/presentation";

export const presentation: ServicePresentation = {
  title: "Rollout",
  kinds: {
    "rollout:User": { title: "Rollout team member", className: "RolloutUser", recordField: "email", review: "member" },
    // notInCode is empty in code; a refresh lists there the members `up` removes (team/provider.ts).
    "rollout:Team": { title: "Rollout team (authoritative)", className: "RolloutTeam", review: "roster", impliedInCode: { notInCode: [] } },
  },
};
