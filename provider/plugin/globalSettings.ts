/**
 * Settings of the whole provider, from environment variables: small on purpose, because the
 * program loads it with every resource class.
 */

/**
 * Environment variable: `true` makes a missing credential a check failure again, so that
 * `pulumi up` stops in its preview phase, before any service is changed, when any credential
 * the program needs is missing. Without it, a plain preview needs no credential (issue #13)
 * and `up` fails only the steps of the service without one. The CI templates' `up` and
 * drift jobs set it.
 */
export const REQUIRE_CREDENTIALS_ENV = "PULUMI_ROLLOUT_CRM_REQUIRE_CREDENTIALS";

/**
 * What is wrong with the settings of the whole provider (environment variables, not a
 * service's), or undefined. The program checks these before its first resource, so the
 * message is not pinned to whichever resource came first (issue 25).
 */
export function globalSettingsProblem(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const strict = credentialsRequired(env);
  return strict instanceof Error ? strict.message : undefined;
}

export function credentialsRequired(env: NodeJS.ProcessEnv): boolean | Error {
  const value = (env[REQUIRE_CREDENTIALS_ENV] ?? "").trim().toLowerCase();
  if (value === "" || value === "false" || value === "0") return false;
  if (value === "true" || value === "1") return true;
  return new Error(`${REQUIRE_CREDENTIALS_ENV} must be true or false (it is '${env[REQUIRE_CREDENTIALS_ENV]}').`);
}
