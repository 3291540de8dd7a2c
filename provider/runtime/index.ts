/**
 * The implementation behind the serialized provider shims (see ../shim.ts). The shim of
 * every resource requires this module from the installed package, so one provider
 * process shares one copy of it: one context (config and services), and through the HTTP
 * registry one connection pool and one rate limiter per service, for all resources of the
 * stack.
 */
import { fstatSync } from "node:fs";
import type * as pulumi from "@pulumi/pulumi";
import { ProviderContext } from "../plugin/context";
import { providers as providersOf, SERVICES } from "../services";
import { engineAddress, warn as engineWarn } from "./engineLog";
import { hostGrpc, watchCancelCalls, watchEngineExit } from "./engineWatch";
import { presentable } from "./errors";
import { operationBoundMs, Operations } from "./operations";

// Warnings go to the engine's log, which the Pulumi CLI shows (engineLog.ts).
const context = new ProviderContext(SERVICES, { warn: engineWarn });
const providers = providersOf(context);
const operations = new Operations(() => operationBoundMs(process.env));

if (engineAddress()) watchEngine();

/** In the dynamic-provider host: stop on the engine's Cancel, exit when the engine is gone (engineWatch.ts). */
function watchEngine(): void {
  try {
    watchCancelCalls(hostGrpc(), () =>
      operations.stopAll(new Error("pulumi-rollout-crm: the update was cancelled (SIGINT or SIGTERM), so this operation was stopped and sends no more requests.")),
    );
  } catch {
    // No grpc-js beside @pulumi/pulumi: the bound and the engine's own kill remain.
  }
  let stdinIsPipe = false;
  try {
    const stat = fstatSync(0);
    stdinIsPipe = stat.isFIFO() || stat.isSocket();
  } catch {
    // no stdin at all
  }
  if (!stdinIsPipe) return;
  watchEngineExit(process.stdin, () => {
    operations.stopAll(new Error("pulumi-rollout-crm: the Pulumi engine is gone."));
    process.exit(1);
  });
}

/** Entry point of every shim method: `kind` is the resource kind, `method` the provider method. */
export async function invoke(kind: string, method: string, args: unknown[]): Promise<unknown> {
  if (method === "configure") {
    // Records only: the host caches the provider before configure returns.
    context.configure((args[0] as pulumi.dynamic.ConfigureRequest | undefined)?.config);
    return;
  }
  try {
    const provider = providers[kind];
    if (!provider) {
      throw new Error(`pulumi-rollout-crm: unknown resource kind '${kind}'; is the installed package older than the state?`);
    }
    const fn = (provider as Record<string, unknown>)[method];
    if (typeof fn !== "function") throw new Error(`pulumi-rollout-crm: ${kind} has no '${method}' method`);
    return await operations.run(`${method} of ${kind}`, () => fn.apply(provider, args));
  } catch (err) {
    throw presentable(err); // a message, not a stack trace, whichever method failed
  }
}
