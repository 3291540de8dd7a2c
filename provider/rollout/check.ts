import { checkUnknownKeys, Failures, isEmail, isPlainObject, isUnknown, normalizeEmail } from "../core/check";
import { resourceNameIn } from "../core/takers";
import type { RolloutUserInputs } from "./types";

const KNOWN_KEYS = ["email", "name", "teamAdmin", "applications", "importId"] as const;
// Application ids are MongoDB ObjectIds in every example of the API (the Rollout users API documentation).
const APPLICATION_ID = /^[0-9a-f]{24}$/i;
const PERMISSIONS = ["read", "write"];

/**
 * Validates a RolloutUser's inputs without any API call and returns them normalised:
 * e-mail lower-cased, `teamAdmin` defaulted to false, `applications` to no access.
 */
export function checkRolloutUser(news: Record<string, any>): { inputs: RolloutUserInputs; failures: Failures } {
  const failures = new Failures();
  checkUnknownKeys(news, KNOWN_KEYS, failures);

  const { email, name, teamAdmin, applications, importId } = news;
  if (email === undefined || email === null || email === "") failures.add("email", "email is required");
  else if (!isUnknown(email) && typeof email !== "string") failures.add("email", `email must be a string (one e-mail address), not ${JSON.stringify(email)}`);
  else if (!isUnknown(email) && !isEmail(email)) failures.add("email", `'${email}' is not a valid e-mail address`);

  if (name !== undefined && !isUnknown(name) && typeof name !== "string") failures.add("name", "name must be a string");
  if (teamAdmin !== undefined && !isUnknown(teamAdmin) && typeof teamAdmin !== "boolean") {
    failures.add("teamAdmin", "teamAdmin must be true or false");
  }
  if (importId !== undefined && !isUnknown(importId) && typeof importId !== "string") failures.add("importId", `importId must be a string (the e-mail of the team member to adopt), not ${JSON.stringify(importId)}`);
  else if (importId !== undefined && !isUnknown(importId) && !isEmail(importId)) {
    failures.add("importId", `importId must be the e-mail of the team member to adopt; '${importId}' is not an e-mail address`);
  }
  if (applications !== undefined && !isUnknown(applications)) checkApplications(applications, failures);

  const inputs: RolloutUserInputs = {
    email: typeof email === "string" && !isUnknown(email) ? normalizeEmail(email) : email,
    teamAdmin: teamAdmin ?? false,
    applications: applications ?? {},
  };
  if (name !== undefined) inputs.name = name;
  if (importId !== undefined) inputs.importId = typeof importId === "string" && !isUnknown(importId) ? normalizeEmail(importId) : importId;
  Object.assign(inputs, resourceNameIn(news));
  return { inputs, failures };
}

function checkApplications(applications: unknown, failures: Failures): void {
  if (!isPlainObject(applications)) {
    failures.add("applications", "applications must be a map of application id → { environments: { <name>: \"read\" | \"write\" } }");
    return;
  }
  for (const [appId, access] of Object.entries(applications)) {
    const where = `applications.${appId}`;
    if (!APPLICATION_ID.test(appId)) failures.add(where, `'${appId}' is not a Rollout application id (24 hexadecimal characters)`);
    if (isUnknown(access)) continue;
    if (!isPlainObject(access) || (access.environments !== undefined && !isUnknown(access.environments) && !isPlainObject(access.environments))) {
      failures.add(where, `${where} must be { environments: { <environment name>: "read" | "write" } }`);
      continue;
    }
    for (const key of Object.keys(access)) {
      if (key !== "environments") failures.add(`${where}.${key}`, `unknown property '${key}'; expected 'environments'`);
    }
    if (isUnknown(access.environments)) continue;
    for (const [env, permission] of Object.entries((access.environments ?? {}) as Record<string, unknown>)) {
      if (env.trim() === "") failures.add(`${where}.environments`, "environment names must not be empty");
      if (!isUnknown(permission) && !PERMISSIONS.includes(permission as string)) {
        failures.add(`${where}.environments.${env}`, `permission must be "read" or "write", not ${JSON.stringify(permission)}`);
      }
    }
  }
}
