/**
 * pulumi-rollout-crm: Rollout team access and CRM records as Pulumi dynamic resources.
 */
export * from "./rollout";
export * from "./crm";
export * from "./rogerroger";
export * from "./outseta";
export * from "./rolloutCrm";
export type { CrmName, CrmPersonArgs } from "./services";
