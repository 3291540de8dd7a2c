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

/**
 * Settings given as environment variables (e.g. an emulator's, test/support/emulatorEnv.ts),
 * as stack config instead: each variable under its setting's key, the secret ones apart.
 * A variable no registered setting reads is an error: a typo must not pass silently.
 */
export function asStackConfig(env: Readonly<Record<string, string>>): { config: Record<string, string>; secretConfig: Record<string, string> } {
  const settings = SERVICES.flatMap((p) => Object.values(p.settings));
  const config: Record<string, string> = {};
  const secretConfig: Record<string, string> = {};
  for (const [name, value] of Object.entries(env)) {
    const setting = settings.find((s) => s.env === name);
    if (!setting) throw new Error(`asStackConfig: no setting reads the environment variable ${name}`);
    (setting.secret ? secretConfig : config)[setting.key] = value;
  }
  return { config, secretConfig };
}
