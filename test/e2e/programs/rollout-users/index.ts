import * as pulumi from "@pulumi/pulumi";
import { RolloutUser, type RolloutUserArgs } from "pulumi-rollout-crm";

// The users come from stack config so each test step can change them without editing code:
// `rollout-users:users` = JSON map of resource name → RolloutUserArgs, plus an optional
// `aliases` list of the resource's former names (the `aliases` resource option).
const config = new pulumi.Config();
const users = config.requireObject<Record<string, RolloutUserArgs & { aliases?: string[] }>>("users");

export const emails: Record<string, pulumi.Output<string>> = {};
for (const [name, { aliases, ...args }] of Object.entries(users)) {
  emails[name] = new RolloutUser(name, args, aliases ? { aliases: aliases.map((alias) => ({ name: alias })) } : undefined).email;
}
