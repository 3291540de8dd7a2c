/** The package's version: the plugin's version, as GetPluginInfo and the schema report it. */
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";

let version: string | undefined;

/** Read from the package's own package.json, the first one above this file (dist/server or server/). */
export function packageVersion(): string {
  if (version) return version;
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const file = path.join(dir, "package.json");
    if (existsSync(file)) {
      const pkg = JSON.parse(readFileSync(file, "utf8")) as { name?: string; version?: string };
      if (pkg.name === "pulumi-rollout-crm" && pkg.version) return (version = pkg.version);
    }
    if (path.dirname(dir) === dir) return (version = "0.0.0");
  }
}
