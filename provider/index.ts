/**
 * pulumi-rollout-crm: Rollout team access and CRM records as Pulumi dynamic resources.
 */
export * from "./rollout";
export * from "./crm";
