/**
 * The registered services as tests use them: a provider context over the registry with
 * explicit config (never the environment), and the client policy of one service.
 */
import { clientPolicy, configOf, ProviderContext, type ServiceTuning } from "../../provider/plugin";
import { SERVICES } from "../../provider/services";

/**
 * A context over every registered service, reading `config` and `env` (default: none);
 * `tuning` per service name; `warn` receives its warnings (default: stderr).
 */
export function testContext(
  config: Record<string, string | undefined>,
  tuning: Record<string, ServiceTuning> = {},
  env: NodeJS.ProcessEnv = {},
  warn?: (message: string) => void,
): ProviderContext {
  return new ProviderContext(SERVICES, { config: configOf(config), env, tuning, warn });
}

/** The client options a registered service's profile sets; for another name, only the shared error shapes. */
export function policyOf(name: string): ReturnType<typeof clientPolicy> {
  const profile = SERVICES.find((p) => p.name === name);
  if (profile) return clientPolicy(profile, SERVICES);
  return { service: name, errorMessages: SERVICES.map((p) => p.http.errorMessage) };
}

/** A context whose services must not be touched (pure tests: check rules, diff). */
export function untouchedContext(message: string): ProviderContext {
  return new (class extends ProviderContext {
    override service(): never {
      throw new Error(message);
    }
  })(SERVICES);
}
