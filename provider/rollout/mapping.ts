import { normalizeEmail } from "../core/check";
import type { ApiUser, ApplicationAccess, Permission, RolloutUserInputs, RolloutUserOutputs } from "./types";

/**
 * Normalises an access map so that equal access compares equal: applications without any
 * environment mean "no access" just like an absent application, so they are dropped.
 */
export function normalizeApplications(
  applications: ApiUser["applications"] | Record<string, ApplicationAccess> | undefined,
): Record<string, ApplicationAccess> {
  const result: Record<string, ApplicationAccess> = {};
  for (const appId of Object.keys(applications ?? {}).sort()) {
    const environments = applications?.[appId]?.environments ?? {};
    const names = Object.keys(environments).sort();
    if (names.length === 0) continue;
    const normalized: Record<string, Permission> = {};
    for (const name of names) normalized[name] = environments[name] as Permission;
    result[appId] = { environments: normalized };
  }
  return result;
}

/** The one mapping from the API's view to the model, used after create, read and update. */
export function fromApiUser(user: ApiUser, importId?: string): RolloutUserOutputs {
  const email = normalizeEmail(user.email);
  const outputs: RolloutUserOutputs = {
    email,
    name: user.name ?? email,
    teamAdmin: user.teamAdmin ?? false,
    applications: normalizeApplications(user.applications),
  };
  if (importId !== undefined) outputs.importId = importId;
  return outputs;
}

/** The body of a create (PUT /users). */
export function toApiUser(inputs: RolloutUserInputs): ApiUser {
  const body: ApiUser = { email: inputs.email, teamAdmin: inputs.teamAdmin, applications: inputs.applications };
  if (inputs.name !== undefined) body.name = inputs.name;
  return body;
}

/**
 * The fields the program manages, as one JSON document: the patch and the diff are both
 * computed between two of these. `name` is managed only when the program sets it.
 */
export function managedView(
  user: { name?: string; teamAdmin: boolean; applications: Record<string, ApplicationAccess> },
  manageName: boolean,
): Record<string, unknown> {
  const view: Record<string, unknown> = {
    teamAdmin: user.teamAdmin,
    applications: normalizeApplications(user.applications),
  };
  if (manageName && user.name !== undefined) view.name = user.name;
  return view;
}
