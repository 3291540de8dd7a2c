/** The HTTP layer shared by all services (see client.ts for the composition). */
export * from "./client";
export * from "./clock";
export * from "./errors";
export * from "./logger";
export * from "./pacing";
export { resetSharedHttp, sharedAgent, sharedLimiter } from "./registry";
export { DeadlineExceeded, NotReadyTimeout, TransportFailure, retryInterceptor, type RetryDependencies } from "./retryInterceptor";
export * from "./retryPolicy";
export * from "./url";
