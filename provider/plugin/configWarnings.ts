/**
 * Program-side warnings about the stack config, shown by `pulumi preview` and `pulumi up`,
 * and the program-side failure on a wrong global setting.
 * The provider itself cannot print a warning (a dynamic provider has no channel to the
 * engine's diagnostics), but the program can: the resource classes call this once per
 * program run, with the services of the registry.
 */
import * as pulumi from "@pulumi/pulumi";
import type { ServiceProfile } from "./profile";
import { unknownKeyWarnings } from "./configKeys";
import { globalSettingsProblem } from "./globalSettings";

let warned = false;

export function warnAboutConfigOnce(profiles: readonly ServiceProfile<unknown>[]): void {
  // A wrong global setting fails the program before any resource, so no resource is blamed for it.
  const problem = globalSettingsProblem(process.env);
  if (problem) throw new pulumi.RunError(`pulumi-rollout-crm: ${problem} It applies to every resource of the program.`);
  if (warned) return;
  warned = true;
  const known = profiles.flatMap((p) => Object.values(p.settings as Record<string, { key: string }>).map((s) => s.key));
  const keys = Object.keys(pulumi.runtime.allConfig());
  for (const message of unknownKeyWarnings(keys, profiles.map((p) => p.name), known)) pulumi.log.warn(message);
}
