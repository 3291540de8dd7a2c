/**
 * The implementation behind the serialized provider shims (see ../shim.ts). The shim of
 * every resource requires this module from the installed package, so one provider
 * process shares one copy of it: one context (config and services), and through the HTTP
 * registry one connection pool and one rate limiter per service, for all resources of the
 * stack.
 */
import type * as pulumi from "@pulumi/pulumi";
import { ProviderContext } from "../plugin/context";
import { providers as providersOf, SERVICES } from "../services";
import { presentable } from "./errors";

const context = new ProviderContext(SERVICES);
const providers = providersOf(context);

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
    return await fn.apply(provider, args);
  } catch (err) {
    throw presentable(err); // a message, not a stack trace, whichever method failed
  }
}
