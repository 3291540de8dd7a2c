import * as pulumi from "@pulumi/pulumi";
import { RolloutUser, type RolloutUserArgs } from "pulumi-rollout-crm";

// The users come from stack config so each test step can change them without editing code:
// `rollout-users:users` = JSON map of resource name → RolloutUserArgs.
const config = new pulumi.Config();
const users = config.requireObject<Record<string, RolloutUserArgs>>("users");

export const emails: Record<string, pulumi.Output<string>> = {};
for (const [name, args] of Object.entries(users)) {
  emails[name] = new RolloutUser(name, args).email;
}
