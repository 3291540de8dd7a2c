/**
 * A RolloutUser's access (`applications.<app>.environments.<env>` = "read" | "write") as
 * flat (application, environment) → permission entries, whatever level of the map a change
 * row names: an environment, an application's environments, an application, or the map.
 */
import { pathSegments } from "../changes/values";
import { isPlainObject } from "../changes/values";

/** `app/env` → permission. */
export type AccessEntries = Map<string, string>;

export interface AccessKey {
  app: string;
  env: string;
}

export const accessKey = (app: string, env: string): string => `${app}\u0000${env}`;
export const splitAccessKey = (key: string): AccessKey => {
  const [app, env] = key.split("\u0000");
  return { app, env };
};

/** True when the row's field is part of the access map. */
export function isAccessField(field: string): boolean {
  return pathSegments(field)[0] === "applications";
}

/** The entries of the value found at `field` (a path under `applications`); undefined = no access. */
export function accessEntries(field: string, value: unknown): AccessEntries {
  const [, app, environments, env] = pathSegments(field);
  const out: AccessEntries = new Map();
  const addEnvs = (appId: string, envs: unknown) => {
    if (!isPlainObject(envs)) return;
    for (const [name, permission] of Object.entries(envs)) if (typeof permission === "string") out.set(accessKey(appId, name), permission);
  };
  const addApp = (appId: string, appValue: unknown) => {
    if (isPlainObject(appValue)) addEnvs(appId, appValue.environments);
  };
  if (app === undefined) {
    if (isPlainObject(value)) for (const [appId, appValue] of Object.entries(value)) addApp(appId, appValue);
  } else if (environments === undefined) addApp(app, value);
  else if (env === undefined) addEnvs(app, value);
  else if (typeof value === "string") out.set(accessKey(app, env), value);
  return out;
}

/** Application ids are long hex strings: the first four characters tell them apart in a review. */
export function shortAppId(app: string): string {
  return app.length > 8 ? `${app.slice(0, 4)}…` : app;
}

/** Whether an environment's name says production: a word of it is one of `names` (case-insensitive). */
export function isProductionEnv(env: string, names: readonly string[]): boolean {
  const wanted = new Set(names.map((n) => n.toLowerCase()));
  const words = env.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);
  return wanted.has(env.toLowerCase()) || words.some((w) => wanted.has(w));
}
