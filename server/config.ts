/**
 * The plugin's configuration: one object per service of the registry (`rollout`,
 * `rogerroger`, `outseta`, `rolloutCrm`), whose keys are the settings the dynamic resources
 * read as `<service>:<key>` stack config (each profile's `settings`). The default provider
 * reads them from the stack config `rolloutcrm:<service>`; an explicit provider
 * (`pulumi:providers:rolloutcrm`) from its arguments. Either way they become the same
 * `<service>:<key>` config source the runtime reads, with the same environment-variable
 * fallbacks (provider/plugin/config.ts), so a setting means one thing in both forms.
 */
import { unknownPropertyReason } from "../provider/core/check";
import type { ConfigSource, Setting } from "../provider/plugin/config";
import type { ServiceProfile } from "../provider/plugin/profile";
import { PACKAGE } from "./kinds";
import { isSecret, reveal, secret, UNKNOWN, type Props } from "./values";

/** Provider inputs the engine may add beside the plugin's own (the plugin version asked for). */
const ENGINE_KEYS = ["version", "pluginDownloadURL"];

/** A setting's name inside its service's object: its key without the namespace. */
export function settingName(setting: Setting): string {
  return setting.key.slice(setting.key.indexOf(":") + 1);
}

/** Settings holding a number of seconds or a share: numbers in the schema (strings are accepted too). */
export function isNumberSetting(setting: Setting): boolean {
  return /(Seconds|Share)$/.test(setting.key);
}

export interface ConfigFailure {
  property: string;
  reason: string;
}

/**
 * One service's object as the engine hands it: an object, or the JSON text of one (SDKs
 * generated from a schema send object-typed provider arguments JSON-encoded, and stack
 * config of an object holds its JSON).
 */
function objectOf(value: unknown): Props | undefined | "bad" {
  const plain = isSecret(value) ? value.value : value;
  if (plain === undefined || plain === null || plain === "") return undefined;
  if (typeof plain === "string") {
    try {
      return objectOf(JSON.parse(plain));
    } catch {
      return "bad";
    }
  }
  return typeof plain === "object" && !Array.isArray(plain) ? (plain as Props) : "bad";
}

/**
 * Checks the provider's inputs against the services' settings. Returns the inputs to keep
 * (each service an object, secret settings marked secret so the state encrypts them whether
 * or not the program did) and a failure per unknown service, unknown key or wrong value.
 */
export function checkProviderConfig(news: Props, profiles: readonly ServiceProfile<unknown>[]): { inputs: Props; failures: ConfigFailure[] } {
  const failures: ConfigFailure[] = [];
  const inputs: Props = {};
  const names = profiles.map((p) => p.name);
  for (const [key, raw] of Object.entries(news)) {
    if (ENGINE_KEYS.includes(key) || key.startsWith("__")) {
      inputs[key] = raw;
      continue;
    }
    const profile = profiles.find((p) => p.name === key);
    if (!profile) {
      failures.push({ property: key, reason: unknownPropertyReason(key, names, `expected one object per service: ${names.join(", ")}`) });
      continue;
    }
    if (raw === UNKNOWN) {
      inputs[key] = raw; // known at `up`, checked then
      continue;
    }
    const object = objectOf(raw);
    if (object === undefined) continue;
    if (object === "bad") {
      failures.push({ property: key, reason: `${key} must be an object of settings (${Object.values(profile.settings).map(settingName).join(", ")})` });
      continue;
    }
    const settings = Object.values(profile.settings);
    const known = settings.map(settingName);
    const checked: Props = {};
    for (const [name, value] of Object.entries(object)) {
      const setting = settings.find((s) => settingName(s) === name);
      if (!setting) {
        failures.push({ property: `${key}.${name}`, reason: unknownPropertyReason(name, known, `the settings of ${key} are ${known.join(", ")}`) });
        continue;
      }
      const plain = reveal(value);
      if (plain === undefined || plain === null) continue;
      if (plain !== UNKNOWN && !["string", "number", "boolean"].includes(typeof plain)) {
        failures.push({ property: `${key}.${name}`, reason: `${key}.${name} must be a ${isNumberSetting(setting) ? "number" : "string"}` });
        continue;
      }
      checked[name] = setting.secret || isSecret(value) ? secret(plain) : plain;
    }
    inputs[key] = checked;
  }
  return { inputs, failures };
}

/**
 * The `<service>:<key>` config source over the provider's inputs (secrets revealed). An
 * unknown value (a preview before the value is known) counts as unset.
 */
export function providerConfigSource(args: Props, profiles: readonly ServiceProfile<unknown>[]): ConfigSource {
  const values: Record<string, string> = {};
  for (const profile of profiles) {
    const object = objectOf(args[profile.name]);
    if (object === undefined || object === "bad") continue;
    for (const [name, value] of Object.entries(object)) {
      const plain = reveal(value);
      if (plain === undefined || plain === null || plain === UNKNOWN) continue;
      values[`${profile.name}:${name}`] = typeof plain === "string" ? plain : JSON.stringify(plain);
    }
  }
  return {
    get: (key) => (Object.prototype.hasOwnProperty.call(values, key) ? values[key] : undefined),
    keys: () => Object.keys(values),
    howToSet: pluginHowToSet,
  };
}

/** Where a setting of the plugin is set, for the runtime's messages (the dynamic form names its stack config instead). */
export function pluginHowToSet(setting: Setting): string {
  const service = setting.key.slice(0, setting.key.indexOf(":"));
  const name = settingName(setting);
  const command = `pulumi config set${setting.secret ? " --secret" : ""} --path ${PACKAGE}:${service}.${name} <value>`;
  return `set '${name}' in the ${service} settings of the ${PACKAGE} provider (the default provider reads the stack config: ${command}; an explicit provider its '${service}' argument) or the environment variable ${setting.env}`;
}

/**
 * The provider's inputs from Configure's `variables` (`rolloutcrm:config:<service>` → the
 * object's JSON), for an engine that sends no `args`.
 */
export function argsFromVariables(variables: ReadonlyMap<string, string> | Iterable<[string, string]>, pkg: string): Props {
  const args: Props = {};
  for (const [key, value] of variables) {
    const match = new RegExp(`^${pkg}:(?:config:)?(.+)$`).exec(key);
    if (match) args[match[1]] = value;
  }
  return args;
}
