import type * as pulumi from "@pulumi/pulumi";
import { all, fields, identified, type Check } from "../http/shape";

/** Access to one environment of a Rollout application. */
export type Permission = "read" | "write";

/** A user's access to one application: environment name → permission. */
export interface ApplicationAccess {
  /** Environment name as named in the application (case-sensitive) → `"read"` or `"write"`. */
  environments: Record<string, Permission>;
}

/** Arguments of a {@link RolloutUser}. */
export interface RolloutUserArgs {
  /** The user's e-mail: identity and resource id. Compared case-insensitively; a change replaces the user. */
  readonly email: pulumi.Input<string>;
  /** Display name. When left out the service keeps its own (it defaults to the e-mail). */
  readonly name?: pulumi.Input<string>;
  /** Whether the user is a team admin. Default `false`. */
  readonly teamAdmin?: pulumi.Input<boolean>;
  /**
   * The whole access map: application id (24 hex characters) → environments and
   * permissions. Managed as a whole: access added or changed by hand is drift. Default: no access.
   */
  readonly applications?: pulumi.Input<Record<string, pulumi.Input<ApplicationAccess>>>;
  /**
   * Adopt an existing team member instead of creating one: the e-mail of that member. On
   * create the provider reads the member and patches it to this program's values.
   */
  readonly importId?: pulumi.Input<string>;
}

/** Inputs after `check`: validated, defaults applied, e-mail lower-cased. */
export interface RolloutUserInputs {
  email: string;
  name?: string;
  teamAdmin: boolean;
  applications: Record<string, ApplicationAccess>;
  importId?: string;
  /** The resource's own name in the program (see RESOURCE_NAME_KEY in ../core/check.ts); never diffed. */
  __resourceName?: string;
}

/** Outputs: the live user in the shape of the inputs. */
export interface RolloutUserOutputs {
  email: string;
  name: string;
  teamAdmin: boolean;
  applications: Record<string, ApplicationAccess>;
  importId?: string;
  __resourceName?: string;
}

/** A user as the Rollout API returns it (fields may be missing). */
export interface ApiUser {
  email: string;
  name?: string | null;
  teamAdmin?: boolean | null;
  applications?: Record<string, { environments?: Record<string, string> | null } | null> | null;
}

/**
 * What the code relies on in a user the API answers (http/shape.ts): an e-mail, and an
 * access map of objects whose permissions are strings (check.ts then tells read/write).
 */
export const userShape: Check = all(identified("email"), fields({ name: "string", teamAdmin: "boolean", applications: "object" }), (user) => {
  const applications = (user as ApiUser).applications ?? {};
  for (const [app, access] of Object.entries(applications)) {
    const wrong = fields({ environments: "object" })(access ?? {});
    if (wrong !== undefined) return `applications[${JSON.stringify(app)}]: ${wrong}`;
    for (const [env, permission] of Object.entries(access?.environments ?? {})) {
      if (typeof permission !== "string") return `applications[${JSON.stringify(app)}].environments[${JSON.stringify(env)}] is not a string`;
    }
  }
  return undefined;
});
