import type * as pulumi from "@pulumi/pulumi";
import { isUnknown, normalizeEmail } from "../core/check";
import { jsonPatch } from "../core/jsonPatch";
import { deepEqual } from "../core/normalize";
import { checkRolloutUser } from "./check";
import type { ProviderContext } from "../plugin/context";
import type { ServiceProfile } from "../plugin/profile";
import { fromApiUser, managedView, toApiUser } from "./mapping";
import type { RolloutUserInputs, RolloutUserOutputs } from "./types";
import type { RolloutService } from "./profile";

type Provider = Required<pulumi.dynamic.ResourceProvider<RolloutUserInputs, RolloutUserOutputs>>;

/** RFC 6902 operations that turn the live user into the program's user (managed fields only). */
export function userPatch(live: RolloutUserOutputs, desired: RolloutUserInputs) {
  const manageName = desired.name !== undefined;
  return jsonPatch(managedView(live, manageName), managedView(desired, manageName));
}

/**
 * The RolloutUser provider. The service is built by the context on first use, so that a
 * program that declares no RolloutUser never needs Rollout credentials.
 */
export function rolloutUserProvider(context: ProviderContext, profile: ServiceProfile<RolloutService>): Omit<Provider, "configure"> {
  const service = () => context.service(profile);
  return {
    async check(_olds, news) {
      const { inputs, failures } = checkRolloutUser(news as Record<string, any>);
      if (inputs.importId !== undefined && !isUnknown(inputs.importId) && !isUnknown(inputs.email) && inputs.importId !== inputs.email) {
        failures.add("importId", `importId (${inputs.importId}) must be the e-mail of the member to adopt, the same as email (${inputs.email})`);
      }
      context.checkConfig(profile, failures); // credentials and URL, before any API call
      return failures.empty ? { inputs } : { inputs, failures: failures.forEngine(inputs) };
    },

    async diff(_id, olds, news) {
      if (isUnknown(news.email) || normalizeEmail(olds.email) !== news.email) {
        return { changes: true, replaces: ["email"], deleteBeforeReplace: false };
      }
      const manageName = news.name !== undefined;
      const changes = !deepEqual(managedView(olds, manageName), managedView(news, manageName));
      return { changes, stables: ["email"] };
    },

    async create(inputs) {
      const { api } = service();
      const existing = await api.getUser(inputs.email);
      if (inputs.importId !== undefined) {
        if (!existing) {
          throw new Error(`rollout: cannot adopt ${inputs.email} (importId): no team member has this e-mail.`);
        }
        const patch = userPatch(fromApiUser(existing), inputs);
        const adopted = patch.length > 0 ? await api.patchUser(inputs.email, patch) : existing;
        return { id: inputs.email, outs: fromApiUser(adopted, inputs.importId) };
      }
      if (existing) {
        // The API's PUT would silently replace this person's access: refuse instead.
        throw new Error(
          `rollout: ${inputs.email} is already a team member; creating it would override their access. ` +
            `To manage this member with Pulumi, adopt it: set importId: "${inputs.email}" on the RolloutUser.`,
        );
      }
      const created = await api.putUser(toApiUser(inputs));
      return { id: inputs.email, outs: fromApiUser(created) };
    },

    async read(id, props) {
      const { snapshot } = service();
      const live = await snapshot.get(normalizeEmail(id));
      if (!live) return {}; // no id: the user is gone
      const outs = fromApiUser(live, props?.importId);
      const inputs: RolloutUserInputs = { email: outs.email, name: outs.name, teamAdmin: outs.teamAdmin, applications: outs.applications };
      if (outs.importId !== undefined) inputs.importId = outs.importId;
      return { id: outs.email, props: outs, inputs: inputs as unknown as RolloutUserOutputs };
    },

    async update(_id, olds, news) {
      const patch = userPatch(olds, news);
      if (patch.length === 0) return { outs: withImportId(olds, news.importId) };
      const { api } = service();
      const patched = await api.patchUser(news.email, patch);
      return { outs: fromApiUser(patched, news.importId) };
    },

    async delete(id) {
      const { api } = service();
      await api.deleteUser(normalizeEmail(id)); // already gone counts as deleted
    },
  };
}

function withImportId(outs: RolloutUserOutputs, importId: string | undefined): RolloutUserOutputs {
  const copy = { ...outs };
  if (importId === undefined) delete copy.importId;
  else copy.importId = importId;
  return copy;
}
