/**
 * Where each setting of a service came from, resolved by the provider's own ConfigReader:
 * stack config, environment variable, default, or nowhere. A secret's value is never kept.
 */
import type { ConfigReader, Setting, SettingSource } from "../../provider/plugin/config";
import type { ServiceProfile } from "../../provider/plugin/profile";

export interface SettingRow {
  readonly key: string;
  readonly env: string;
  readonly from: SettingSource;
  /** The value of a setting that is not secret (a URL without user info); secrets: never. */
  readonly value?: string;
  readonly secret: boolean;
}

export function settingRows(profile: ServiceProfile<unknown>, config: ConfigReader): SettingRow[] {
  return Object.values(profile.settings).map((setting: Setting) => {
    const { value, from } = config.resolve(setting);
    const secret = setting.secret === true;
    return { key: setting.key, env: setting.env, from, secret, ...(secret || value === undefined ? {} : { value: withoutUserInfo(value) }) };
  });
}

/** A service is configured when the stack or the environment sets any of its settings. */
export function isConfigured(rows: readonly SettingRow[]): boolean {
  return rows.some((row) => row.from === "config" || row.from === "environment");
}

/** "config", "environment (ROLLOUT_API_TOKEN)", "default", "unset" */
export function sourceText(row: SettingRow): string {
  return row.from === "environment" ? `environment (${row.env})` : row.from;
}

/** A URL's `user:password@` could hold a credential: it is never shown. */
function withoutUserInfo(value: string): string {
  try {
    const url = new URL(value);
    if (url.username === "" && url.password === "") return value;
    url.username = "";
    url.password = "";
    return url.toString();
  } catch {
    return value;
  }
}
