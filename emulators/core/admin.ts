/**
 * The admin API of the product brief ("Local emulators"), served under `/_emulator/` on every
 * emulator's port: outside the API paths, free of auth, rate limits and faults, and never
 * written to the request log. Its answers are plain JSON; errors are `{ "error": "..." }`.
 */
import { parseJson } from "./body";
import { parseFaultConfig } from "./faults";
import { PENDING, type EmulatorRuntime } from "./runtime";
import type { Store } from "./service";
import { settingsView, updateSettings } from "./settings";
import { json, type ApiRequest, type Reply } from "./types";

export const ADMIN_PREFIX = "/_emulator";

export function isAdminPath(path: string): boolean {
  return path === ADMIN_PREFIX || path.startsWith(`${ADMIN_PREFIX}/`);
}

function body(req: ApiRequest): { value: unknown } | Reply {
  const parsed = parseJson(req.body);
  if (parsed.ok) return { value: parsed.value };
  return json(400, { error: `admin request body must be JSON: ${parsed.message}` });
}

export function handleAdmin<S extends Store>(req: ApiRequest, runtime: EmulatorRuntime<S>): Reply {
  const path = req.path.replace(/\/$/, "");
  const now = runtime.clock.now();
  const notReady = runtime.definition.notReadyWindow === true;
  const routes: Record<string, Record<string, () => Reply>> = {
    [`${ADMIN_PREFIX}/reset`]: {
      POST: () => {
        runtime.reset();
        return { status: 204 };
      },
    },
    [`${ADMIN_PREFIX}/requests`]: {
      GET: () => json(200, runtime.requestLog.filter((entry) => entry.status !== PENDING)),
    },
    [`${ADMIN_PREFIX}/state`]: {
      GET: () => json(200, runtime.store.snapshot()),
    },
    [`${ADMIN_PREFIX}/settings`]: {
      GET: () => json(200, settingsView(runtime.settings, now, notReady)),
      PUT: () => {
        const input = body(req);
        if (!("value" in input)) return input;
        const updated = updateSettings(runtime.settings, input.value, now, notReady);
        if (typeof updated === "string") return json(400, { error: updated });
        runtime.settings = updated;
        return json(200, settingsView(updated, now, notReady));
      },
    },
    [`${ADMIN_PREFIX}/faults`]: {
      GET: () => json(200, runtime.faults.config),
      PUT: () => {
        const input = body(req);
        if (!("value" in input)) return input;
        const config = parseFaultConfig(input.value);
        if (typeof config === "string") return json(400, { error: config });
        runtime.faults.set(config);
        return json(200, runtime.faults.config);
      },
    },
  };
  const methods = routes[path];
  if (!methods) {
    runtime.log(`[${runtime.definition.name} emulator] 404: unknown admin route ${req.method} ${req.rawUrl}`);
    return json(404, { error: `unknown admin route ${path}; known: ${Object.keys(routes).join(", ")}` });
  }
  const handler = methods[req.method];
  if (!handler) {
    const allow = Object.keys(methods).join(", ");
    return json(405, { error: `${req.method} not allowed on ${path}; allowed: ${allow}` }, { allow });
  }
  return handler();
}
