import { isPlainObject, isUnknown, normalizeEmail } from "../core/check";
import { RENAME_HINT, warn, type Claims } from "../core/claims";
import { named, renameClause, take } from "../core/takers";
import { jsonPatch } from "../core/jsonPatch";
import { deepEqual } from "../core/normalize";
import { ApiError } from "../http/errors";
import { checkRolloutUser } from "./check";
import type { KindProvider, ServiceContext, ServiceProfile } from "../plugin/profile";
import { fromApiUser, managedView, toApiUser } from "./mapping";
import type { RolloutUserInputs, RolloutUserOutputs } from "./types";
import type { RolloutService } from "./service";

type Provider = KindProvider<RolloutUserInputs, RolloutUserOutputs>;

/** Notes that a create took the member (and who, for the rename warning); returns how it had been taken before, if it had. */
function takeMember(claims: Claims, inputs: RolloutUserInputs, how: string): string | undefined {
  return take(claims, "rollout", inputs.email, how, inputs);
}

/** RFC 6902 operations that turn the live user into the program's user (managed fields only). */
export function userPatch(live: RolloutUserOutputs, desired: RolloutUserInputs) {
  const manageName = desired.name !== undefined;
  return jsonPatch(managedView(live, manageName), managedView(desired, manageName));
}

/**
 * The RolloutUser provider. The service is built by the context on first use, so that a
 * program that declares no RolloutUser never needs Rollout credentials.
 */
export function rolloutUserProvider(context: ServiceContext, profile: ServiceProfile<RolloutService>): Omit<Provider, "configure"> {
  const service = () => context.service(profile);
  return {
    async check(_olds, news) {
      const { inputs, failures } = checkRolloutUser(news as Record<string, any>);
      if (inputs.importId !== undefined && !isUnknown(inputs.importId) && !isUnknown(inputs.email) && inputs.importId !== inputs.email) {
        failures.add("importId", `importId (${inputs.importId}) must be the e-mail of the member to adopt, the same as email (${inputs.email})`);
      }
      await context.checkConfig(profile, failures); // settings before any API call; a missing credential warns
      return failures.empty ? { inputs } : { inputs, failures: failures.forEngine(inputs) };
    },

    async diff(_id, olds, news) {
      if (isUnknown(news.email) || normalizeEmail(olds.email) !== news.email) {
        return { changes: true, replaces: ["email"], deleteBeforeReplace: false };
      }
      const manageName = news.name !== undefined;
      const changed = viewChanges(managedView(olds, manageName), managedView(news, manageName));
      return changed.length > 0 ? { changes: true, stables: ["email"], changedKeys: changed } : { changes: false, stables: ["email"] };
    },

    async create(inputs) {
      const { api, snapshot } = service();
      // One `GET /users` answers the check of every user created together (core/listSnapshot.ts).
      const existing = await snapshot.get(inputs.email);
      if (inputs.importId !== undefined) {
        if (!existing) {
          throw new Error(`rollout: cannot adopt ${inputs.email} (importId): no team member has this e-mail.`);
        }
        const patch = userPatch(fromApiUser(existing), inputs);
        const adopted = patch.length > 0 ? await api.patchUser(inputs.email, patch) : existing;
        const twice = takeMember(context.claims, inputs, `adopted with importId "${inputs.importId}"`);
        if (twice) warn(`rollout: team member ${inputs.email} is managed by two RolloutUsers of this stack (both ${twice}); remove one of them.`);
        return { id: inputs.email, outs: named(fromApiUser(adopted, inputs.importId), inputs) };
      }
      if (existing) {
        // Exactly what this program would create: our own PUT whose response was lost, or a run
        // killed after it (the engine then runs the create again). Adopted, nothing written.
        if (userPatch(fromApiUser(existing), inputs).length === 0) {
          // Recorded like an importId adoption: a rename without aliases must not then let the
          // old resource's delete remove the member this one now manages.
          const twice = takeMember(context.claims, inputs, "adopted by e-mail");
          if (twice) warn(`rollout: team member ${inputs.email} is managed by two RolloutUsers of this stack (both ${twice}); remove one of them.`);
          return { id: inputs.email, outs: named(fromApiUser(existing), inputs) };
        }
        // The API's PUT would silently replace this person's access: refuse instead.
        throw new Error(
          `rollout: ${inputs.email} is already a team member, with other access than this RolloutUser declares; ` +
            `creating it would override their access, so nothing was written. If you renamed this resource, ` +
            `list its old name in the \`aliases\` resource option so Pulumi keeps managing the same member. ` +
            `To take over an existing member, adopt it: set importId: "${inputs.email}" on the RolloutUser (it is then updated to the declared access).`,
        );
      }
      const created = await api.putUser(toApiUser(inputs));
      return { id: inputs.email, outs: named(fromApiUser(created), inputs) };
    },

    async read(id, props) {
      const { snapshot } = service();
      const live = await snapshot.get(normalizeEmail(id));
      if (!live) return {}; // no id: the user is gone
      const outs = named(fromApiUser(live, props?.importId), props);
      const inputs: RolloutUserInputs = { email: outs.email, name: outs.name, teamAdmin: outs.teamAdmin, applications: outs.applications };
      if (outs.importId !== undefined) inputs.importId = outs.importId;
      if (outs.__resourceName !== undefined) inputs.__resourceName = outs.__resourceName;
      return { id: outs.email, props: outs, inputs: inputs as unknown as RolloutUserOutputs };
    },

    async update(_id, olds, news) {
      const patch = userPatch(olds, news);
      if (patch.length === 0) return { outs: named(withImportId(olds, news.importId), news) };
      const { api } = service();
      let patched;
      try {
        patched = await api.patchUser(news.email, patch);
      } catch (err) {
        if (err instanceof ApiError && err.outcomeUnknown) {
          throw new Error(
            `${err.message} Run \`pulumi up\` again: the update is then rebuilt from the member as Rollout holds it, so it is applied once.`,
            { cause: err },
          );
        }
        if (!(err instanceof ApiError && err.status === 400)) throw err;
        // The patch was built from the stored state, which is behind the live member when an
        // earlier PATCH took effect but its response was lost (or someone edited the member):
        // a `remove` of what is already gone then fails forever. Rebuild it from the live member.
        patched = await patchFromLive(api, news, err);
      }
      return { outs: named(fromApiUser(patched, news.importId), news) };
    },

    async delete(id, props) {
      const email = normalizeEmail(id);
      const taken = context.claims.takenInThisUpdate("rollout", email);
      if (taken) {
        // A rename without aliases: the new resource took this member earlier in this update.
        const names = renameClause(context.claims, "rollout", email, "member", props);
        warn(`rollout: not deleting team member ${email}: another RolloutUser of this stack took it over in this update (${taken}) and manages it now${names}. ${RENAME_HINT}`);
        return;
      }
      const { api } = service();
      await api.deleteUser(email); // already gone counts as deleted
    },
  };
}

/** Applies the patch from the live member to the program's user (at most one GET and one PATCH). */
async function patchFromLive(api: RolloutService["api"], news: RolloutUserInputs, refusal: ApiError) {
  const live = await api.getUser(news.email);
  if (!live) {
    throw new Error(`rollout: ${news.email} is no longer a team member, so it cannot be updated; run \`pulumi up --refresh\` to create it again.`, {
      cause: refusal,
    });
  }
  const patch = userPatch(fromApiUser(live), news);
  return patch.length > 0 ? api.patchUser(news.email, patch) : live;
}

/**
 * The managed fields that differ between two views, an application's access by its id
 * (`applications.<id>`), so a preview names the application whose access changes.
 */
function viewChanges(olds: Record<string, unknown>, news: Record<string, unknown>): string[] {
  const changed: string[] = [];
  for (const key of new Set([...Object.keys(olds), ...Object.keys(news)])) {
    if (deepEqual(olds[key], news[key])) continue;
    const [a, b] = [olds[key], news[key]];
    if (key === "applications" && isPlainObject(a) && isPlainObject(b)) {
      for (const app of new Set([...Object.keys(a), ...Object.keys(b)])) if (!deepEqual(a[app], b[app])) changed.push(`applications.${app}`);
    } else changed.push(key);
  }
  return changed;
}

function withImportId(outs: RolloutUserOutputs, importId: string | undefined): RolloutUserOutputs {
  const copy = { ...outs };
  if (importId === undefined) delete copy.importId;
  else copy.importId = importId;
  return copy;
}
