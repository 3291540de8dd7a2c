/**
 * The implementation behind the serialized provider shims (see ../shim.ts). The shim of
 * every resource requires this module from the installed package, so one provider
 * process shares one copy of it: one config, one HTTP pool and one rate limiter per
 * service, for all resources of the stack.
 */
import type * as pulumi from "@pulumi/pulumi";
import { recordStackConfig } from "../config";
import { presentable } from "./errors";
import { personNoteProvider } from "../crm/noteProvider";
import { crmPersonProvider } from "../crm/provider";
import { outsetaBackend } from "../outseta/person";
import { rogerrogerBackend } from "../rogerroger/person";
import { rolloutCrmBackend } from "../rolloutCrm/person";
import { rogerrogerNotesApi } from "../rogerroger/notes";
import { rogerrogerService } from "../rogerroger/service";
import { rolloutUserProvider } from "../rollout/provider";
import { rolloutService } from "../rollout/service";

type AnyProvider = Omit<pulumi.dynamic.ResourceProvider, "configure">;

const providers: Record<string, AnyProvider> = {
  "rollout:User": rolloutUserProvider(rolloutService),
  "crm:Person": crmPersonProvider({ rogerroger: rogerrogerBackend(), outseta: outsetaBackend(), rolloutCrm: rolloutCrmBackend() }),
  "crm:PersonNote": personNoteProvider(() => rogerrogerNotesApi(rogerrogerService())),
};

/** Entry point of every shim method: `kind` is the resource kind, `method` the provider method. */
export async function invoke(kind: string, method: string, args: unknown[]): Promise<unknown> {
  if (method === "configure") {
    // Records only: the host caches the provider before configure returns.
    recordStackConfig((args[0] as pulumi.dynamic.ConfigureRequest | undefined)?.config);
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
