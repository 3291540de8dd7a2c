/**
 * What the live acceptance run needs from the environment, as terraform-plugin-testing's
 * TF_ACC: `PULUMI_ROLLOUT_CRM_LIVE=rollout,outseta,...` names the services, their
 * credentials come from the provider's own variables, and every record the run makes
 * carries the run prefix on an e-mail domain the user names.
 */
import { randomBytes } from "node:crypto";
import { ConfigReader, configOf } from "../../provider/plugin/config";
import { SERVICES, type ServiceName } from "../../provider/services";

export const LIVE_ENV = "PULUMI_ROLLOUT_CRM_LIVE";
export const EMAIL_DOMAIN_ENV = "PULUMI_ROLLOUT_CRM_LIVE_EMAIL_DOMAIN";
/** Optional: the run prefix (default: `plrc-<6 random hex>-`), so a wrapper can sweep a killed run. */
export const PREFIX_ENV = "PULUMI_ROLLOUT_CRM_LIVE_PREFIX";
/** Optional: `--record DIR` of `npm run test:live`, as a variable for the suite. */
export const RECORD_ENV = "PULUMI_ROLLOUT_CRM_LIVE_RECORD";
/** Optional, Rollout: an application id whose environments the run may grant (`app:Env1,Env2`). */
export const ROLLOUT_APP_ENV = "PULUMI_ROLLOUT_CRM_LIVE_ROLLOUT_APP";

export interface LiveSettings {
  readonly services: readonly ServiceName[];
  readonly emailDomain: string;
  readonly prefix: string;
  readonly recordDir?: string;
  readonly rolloutApp?: { id: string; environments: string[] };
}

const NAMES = SERVICES.map((p) => p.name) as ServiceName[];

/** The settings, or the list of what is missing (every line names a variable). */
export function liveSettings(env: NodeJS.ProcessEnv): LiveSettings | { missing: string[] } {
  const missing: string[] = [];
  const named = (env[LIVE_ENV] ?? "").split(",").map((s) => s.trim()).filter(Boolean);
  if (named.length === 0) missing.push(`${LIVE_ENV}: the services to run against, comma-separated (${NAMES.join(", ")})`);
  for (const name of named.filter((n) => !NAMES.includes(n as ServiceName))) missing.push(`${LIVE_ENV}: '${name}' is not a service; expected ${NAMES.join(", ")}`);
  const services = named.filter((n): n is ServiceName => NAMES.includes(n as ServiceName));
  const reader = new ConfigReader(configOf({}), env);
  for (const profile of SERVICES.filter((p) => services.includes(p.name as ServiceName))) {
    // A credential, and a URL without a default (Outseta's per-account host).
    for (const setting of Object.values(profile.settings).filter((s) => (s.secret || (s.key.endsWith(":apiUrl") && s.default === undefined)) && reader.get(s) === undefined)) {
      if (profile.name === "rolloutCrm" && setting.key !== "rolloutCrm:authToken") continue;
      const alternative = profile.name === "rolloutCrm" ? " (or ROLLOUT_CRM_CLIENT_ID, ROLLOUT_CRM_CLIENT_SECRET and ROLLOUT_CRM_USER_ID)" : "";
      if (profile.name === "rolloutCrm" && reader.get(profile.settings.clientSecret!) !== undefined) continue;
      missing.push(`${setting.env}${alternative}: ${profile.name}'s ${setting.secret ? "credential" : "URL"} (a sandbox account: the run creates and deletes records)`);
    }
  }
  const emailDomain = env[EMAIL_DOMAIN_ENV]?.trim() ?? "";
  if (!/^[a-z0-9.-]+\.[a-z]{2,}$/i.test(emailDomain)) missing.push(`${EMAIL_DOMAIN_ENV}: the e-mail domain of the records the run creates (one you own, or example.com on a sandbox)`);
  const prefix = env[PREFIX_ENV]?.trim() || `plrc-${randomBytes(3).toString("hex")}-`;
  if (!/^[a-z0-9][a-z0-9.-]{3,}$/.test(prefix)) missing.push(`${PREFIX_ENV}: lower-case letters, digits, . and - only, at least 4 characters`);
  const app = env[ROLLOUT_APP_ENV]?.trim();
  const rolloutApp = app ? { id: app.split(":")[0], environments: (app.split(":")[1] ?? "").split(",").filter(Boolean) } : undefined;
  if (rolloutApp && rolloutApp.environments.length === 0) missing.push(`${ROLLOUT_APP_ENV}: '<application id>:<environment>[,<environment>]'`);
  if (missing.length > 0) return { missing };
  return { services, emailDomain, prefix, recordDir: env[RECORD_ENV] || undefined, rolloutApp };
}
