import * as pulumi from "@pulumi/pulumi";
import { RolloutTeam, RolloutUser, type RolloutUserArgs } from "pulumi-rollout-crm";

// The users come from stack config so each test step can change them without editing code:
// `rollout-users:users` = JSON map of resource name → RolloutUserArgs, plus an optional
// `aliases` list of the resource's former names (the `aliases` resource option).
// `rollout-users:team` = `{ keep: [...] }` declares an authoritative RolloutTeam over them.
const config = new pulumi.Config();
const users = config.requireObject<Record<string, RolloutUserArgs & { aliases?: string[] }>>("users");
const team = config.getObject<{ keep?: string[] }>("team");

export const emails: Record<string, pulumi.Output<string>> = {};
for (const [name, { aliases, ...args }] of Object.entries(users)) {
  emails[name] = new RolloutUser(name, args, aliases ? { aliases: aliases.map((alias) => ({ name: alias })) } : undefined).email;
}
if (team) new RolloutTeam("team", { members: Object.values(emails), keep: team.keep });
