/**
 * Team access as code: one RolloutUser per member of ./people.ts. The resource name is the
 * e-mail's local part, so a new display name is an update, never a new user.
 */
import { RolloutUser, type ApplicationAccess, type Permission, type RolloutUserArgs } from "pulumi-rollout-crm";
import { applications, type ApplicationName, type TeamMember } from "./people";

/** The RolloutUser arguments of one member: application names become application ids. */
export function rolloutUserArgs(member: TeamMember): RolloutUserArgs {
  const byId: Record<string, ApplicationAccess> = {};
  for (const [app, environments] of Object.entries(member.access)) {
    byId[applications[app as ApplicationName]] = { environments: { ...environments } as Record<string, Permission> };
  }
  return { email: member.email, name: member.name, teamAdmin: member.teamAdmin ?? false, applications: byId };
}

export function teamAccess(team: TeamMember[]): Record<string, RolloutUser> {
  const users: Record<string, RolloutUser> = {};
  for (const member of team) {
    const name = member.email.split("@")[0];
    if (users[name]) throw new Error(`team-access: two members share the resource name '${name}' (${member.email})`);
    users[name] = new RolloutUser(name, rolloutUserArgs(member));
  }
  return users;
}
