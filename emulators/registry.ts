/**
 * The emulators, one line each: adding an emulator is adding its folder and its line here.
 * The key is the service's name in the provider's registry (provider/registry.ts); the
 * emulators import no provider module for the names, and test/pure/emulatorRegistry.test.ts
 * keeps both registries the same set.
 */
export { rolloutDefinition as rollout } from "./rollout";
export { rogerrogerDefinition as rogerroger } from "./rogerroger";
export { outsetaDefinition as outseta } from "./outseta";
export { rolloutCrmDefinition as rolloutCrm } from "./rolloutCrm";
