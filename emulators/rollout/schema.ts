/**
 * The Rollout User object (the Rollout users API documentation, "Object schema: User") and its validation,
 * shared by PUT and by the result of a PATCH, so both obey the same rules.
 */
import { isPlainObject } from "../core/body";

export type Permission = "read" | "write";

export interface RolloutUser {
  name: string;
  email: string;
  teamAdmin: boolean;
  applications: Record<string, { environments: Record<string, Permission> }>;
}

const USER_KEYS = ["email", "name", "teamAdmin", "applications"];
// Application ids are MongoDB ObjectIds in every example: 24 hex characters.
const APPLICATION_ID = /^[0-9a-f]{24}$/i;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/**
 * Checks a User body and fills the defaults the docs assume: `name` = the e-mail (as the
 * single-user example shows), `teamAdmin` = false, `applications` = {} (PUT is a full
 * replace). Answers the user or the message of a 400.
 *
 * Unknown properties are refused rather than ignored: the docs list four body params and
 * the emulator must not be more forgiving than the real API could be.
 */
export function toUser(input: unknown): RolloutUser | string {
  if (!isPlainObject(input)) return "The user must be a JSON object";
  const unknown = Object.keys(input).filter((key) => !USER_KEYS.includes(key));
  if (unknown.length > 0) return `Unknown user property: ${unknown.join(", ")}`;
  const { email, name, teamAdmin = false, applications = {} } = input;
  if (typeof email !== "string" || email === "") return "email is required";
  if (!EMAIL.test(email)) return `email "${email}" is not a valid e-mail address`;
  if (name !== undefined && typeof name !== "string") return "name must be a string";
  if (typeof teamAdmin !== "boolean") return "teamAdmin must be a boolean";
  const apps = toApplications(applications);
  if (typeof apps === "string") return apps;
  return { name: name ?? email, email, teamAdmin, applications: apps };
}

function toApplications(input: unknown): RolloutUser["applications"] | string {
  if (!isPlainObject(input)) return "applications must be an object keyed by application id";
  const result: RolloutUser["applications"] = {};
  for (const [appId, access] of Object.entries(input)) {
    if (!APPLICATION_ID.test(appId)) return `applications: "${appId}" is not an application id (24 hex characters)`;
    if (!isPlainObject(access) || Object.keys(access).some((key) => key !== "environments")) {
      return `applications.${appId} must be { "environments": { ... } }`;
    }
    const environments = access.environments ?? {};
    if (!isPlainObject(environments)) return `applications.${appId}.environments must be an object`;
    const envs: Record<string, Permission> = {};
    for (const [env, permission] of Object.entries(environments)) {
      if (env === "") return `applications.${appId}.environments: an environment name must not be empty`;
      if (permission !== "read" && permission !== "write") {
        return `applications.${appId}.environments.${env}: permission must be "read" or "write"`;
      }
      envs[env] = permission;
    }
    result[appId] = { environments: envs };
  }
  return result;
}
