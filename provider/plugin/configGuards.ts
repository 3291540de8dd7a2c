/**
 * Settings that are wrong although each one alone looks fine (issue 22, item 8). Both would
 * send requests to a production service that the stack never meant to talk to:
 * - a key that looks like a setting's (`rollout:apiURL`) while that setting is unset: the
 *   setting's default (the production URL) would be used;
 * - a URL setting left at its production default while a sibling URL setting of the same
 *   service points elsewhere (a loopback `rolloutCrm:apiUrl` with the default
 *   `rolloutCrm:credentialsUrl`).
 * Each is a ConfigError naming the keys, so `check` fails the preview and no request leaves.
 */
import { ConfigError, type ConfigReader, type Setting } from "./config";
import { nearestKey } from "./configKeys";

/** URL settings are the ones named `...Url` (`apiUrl`, `credentialsUrl`). */
const isUrlSetting = (setting: Setting): boolean => setting.key.endsWith("Url");

/** The origin of a URL, without userinfo, path or query (a URL in a message never carries a secret). */
function originOf(url: string): string | undefined {
  try {
    const { protocol, host } = new URL(url);
    return `${protocol}//${host}`;
  } catch {
    return undefined;
  }
}

/** The first problem with the settings of service `name`, or undefined. */
export function settingsProblem(name: string, settings: readonly Setting[], config: ConfigReader): ConfigError | undefined {
  return misspeltSetting(name, settings, config) ?? urlLeftAtDefault(settings, config);
}

/** A key that looks like the key of a setting that is unset. */
export function misspeltSetting(name: string, settings: readonly Setting[], config: ConfigReader): ConfigError | undefined {
  const known = settings.map((s) => s.key);
  const misspelt = (config.keys() ?? []).filter((key) => key.startsWith(`${name}:`) && !known.includes(key)).sort();
  for (const key of misspelt) {
    const meant = settings.find((s) => s.key === nearestKey(key, known));
    if (!meant || config.isSet(meant)) continue;
    const fallback = meant.default !== undefined ? `its default ${meant.default} would be used` : "it counts as missing";
    return new ConfigError(
      `the stack config '${key}' is not a setting of this provider; did you mean '${meant.key}'? '${meant.key}' is not set, so ${fallback}. ` +
        `Rename the key: pulumi config rm ${key}, then ${config.howToSet(meant)}.`,
      meant,
    );
  }
  return undefined;
}

/** A URL setting left at its default while a sibling URL setting points elsewhere (each URL itself valid: `connect` checks that first). */
export function urlLeftAtDefault(settings: readonly Setting[], config: ConfigReader): ConfigError | undefined {
  const urls = settings.filter(isUrlSetting);
  const elsewhere = urls.find((s) => config.isSet(s) && originOf(config.get(s) ?? "") !== originOf(s.default ?? ""));
  if (!elsewhere) return undefined;
  const left = urls.find((s) => s !== elsewhere && !config.isSet(s) && s.default !== undefined);
  if (!left) return undefined;
  const where = originOf(config.get(elsewhere) ?? "");
  return new ConfigError(
    `${left.key} is not set, so it would fall back to the production URL ${left.default} while ${elsewhere.key} points ` +
      `${where ? `to ${where}` : "elsewhere"}: ${config.howToSet(left)} too (the same service, e.g. the emulator's URL).`,
    left,
  );
}
