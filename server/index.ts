/** The `rolloutcrm` provider plugin: the resources of this package served to the Pulumi engine over gRPC. */
export { RolloutCrmPlugin, type PluginOptions } from "./plugin";
export { serve, type RunningServer } from "./grpcServer";
export { main } from "./main";
export { schema } from "./schema";
export { PACKAGE, tokenOf, resourceName } from "./kinds";
export * from "./importIds";
