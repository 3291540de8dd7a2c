/**
 * Who is on the Rollout team, and what each person may do. This file is the one people
 * edit in pull requests: add a person, change a permission, remove someone who left.
 */
import type { Permission } from "pulumi-rollout-crm";

/** The Rollout applications this team works on: a name used below → the application id. */
export const applications = {
  storefront: "5f1d7c2a9e3b4a6d8c0e1f23",
  mobileApp: "6a2e8d3b0f4c5b7e9d1f2a34",
} as const;

export type ApplicationName = keyof typeof applications;

/** The environments every application has, as Rollout names them (case-sensitive). */
export type EnvironmentName = "Production" | "Staging";

/** One team member and their access. */
export interface TeamMember {
  /** The member's e-mail, their identity in Rollout. */
  email: string;
  /** The display name. */
  name: string;
  /** Team admins manage the team in Rollout's console; default false. */
  teamAdmin?: boolean;
  /** Per application, per environment: "read" or "write". Leave an environment out for no access. */
  access: Partial<Record<ApplicationName, Partial<Record<EnvironmentName, Permission>>>>;
}

export const team: TeamMember[] = [
  {
    email: "ada@example.com",
    name: "Ada Lovelace",
    teamAdmin: true,
    access: {
      storefront: { Production: "write", Staging: "write" },
      mobileApp: { Production: "write", Staging: "write" },
    },
  },
  {
    email: "grace@example.com",
    name: "Grace Hopper",
    access: {
      storefront: { Production: "read", Staging: "write" },
    },
  },
  {
    email: "linus@example.com",
    name: "Linus Torvalds",
    access: {
      mobileApp: { Production: "read", Staging: "write" },
    },
  },
];
