/**
 * pulumi-rollout-crm: Rollout team access and CRM records as Pulumi dynamic resources.
 */
export * from "./rollout";
export * from "./crm";
export * from "./rogerroger";
export * from "./outseta";
export * from "./rolloutCrm";
export { RolloutUser } from "./resources/rolloutUser";
export { RolloutTeam } from "./resources/rolloutTeam";
export { CrmPerson } from "./resources/crmPerson";
export { PersonNote, type PersonNoteArgs } from "./resources/personNote";
export type { CrmName, CrmPersonArgs } from "./services";
