import * as pulumi from "@pulumi/pulumi";
import { propsWithUnknownArgs, refuseImportOption } from "../core/resourceArgs";
import { warnAboutConfigOnce } from "../plugin/configWarnings";
import type { ApplicationAccess, RolloutUserArgs } from "../rollout/types";
import { SERVICES } from "../services";
import { providerShim } from "../shim";

// One shim object for every resource of this kind: @pulumi/pulumi caches the serialized
// provider by object identity, so the closure serializer runs once per kind, not once per
// resource (issue #14). The text is the same either way (test/pure/shim/identity.test.ts).
const USER_PROVIDER = providerShim("rollout:User");

/**
 * A team member of a Rollout account and their access to applications and environments.
 *
 * - create: fails when the e-mail is already a member (the API's PUT would silently
 *   override their access), unless `importId` adopts that member;
 * - update: one PATCH with the RFC 6902 patch of what changed, none when nothing did;
 * - delete: removes the member (already gone counts as deleted);
 * - a change of `email` replaces the user.
 */
export class RolloutUser extends pulumi.dynamic.Resource {
  /** The user's e-mail, lower-cased: also the resource id. */
  declare readonly email: pulumi.Output<string>;
  /** The display name as the service holds it. */
  declare readonly name: pulumi.Output<string>;
  /** Whether the user is a team admin. */
  declare readonly teamAdmin: pulumi.Output<boolean>;
  /** The access map as the service holds it (applications without environments left out). */
  declare readonly applications: pulumi.Output<Record<string, ApplicationAccess>>;
  /** The e-mail of the adopted member, when the user was adopted with `importId`. */
  declare readonly importId: pulumi.Output<string | undefined>;

  constructor(name: string, args: RolloutUserArgs, opts?: pulumi.CustomResourceOptions) {
    warnAboutConfigOnce(SERVICES); // config keys that are typos, once per program run
    refuseImportOption("RolloutUser", name, opts);
    // Every output key must be among the props for the output to exist (undefined when absent).
    const props = {
      email: args.email,
      name: args.name,
      teamAdmin: args.teamAdmin,
      applications: args.applications,
      importId: args.importId,
      // Its own name, for the warning about a rename without aliases (core/check.ts RESOURCE_NAME_KEY).
      __resourceName: name,
    };
    super(USER_PROVIDER, name, propsWithUnknownArgs(props, args), opts, "rollout", "User");
  }
}
