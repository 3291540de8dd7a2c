/**
 * The services of the provider, one line each: adding a service is adding its folder and
 * its line here (see CONTRIBUTING.md, "Adding a service"). The key is the service's name,
 * its config namespace and, for a CRM, the value of CrmPerson's `crm`. Everything else
 * (CrmName, the runtime wiring, the resource kinds) is derived in services.ts.
 */
export { profile as rogerroger } from "./rogerroger/profile";
export { profile as outseta } from "./outseta/profile";
export { profile as rolloutCrm } from "./rolloutCrm/profile";
export { profile as rollout } from "./rollout/profile";
