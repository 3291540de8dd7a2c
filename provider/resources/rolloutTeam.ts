import * as pulumi from "@pulumi/pulumi";
import { propsWithUnknownArgs, refuseImportOption } from "../core/resourceArgs";
import type { RolloutTeamArgs } from "../rollout/team/types";
import { providerShim } from "../shim";

const TEAM_PROVIDER = providerShim("rollout:Team");

/**
 * The whole Rollout team, authoritatively: members in neither `members` nor `keep` are
 * removed from the account. Opt-in (declare one only if you mean it), one per account.
 *
 * - create: removes nobody; warns, naming the live members not in code;
 * - refresh: lists them in `notInCode`, so `pulumi preview --diff` (and `--refresh`) and
 *   `pulumi-rollout-crm review` name who would go;
 * - update: removes the members a refresh listed in `notInCode` (what the preview showed),
 *   one DELETE each, paced like every Rollout request;
 * - delete: turns the rule off; no member is touched.
 *
 * Adopt the existing team first (`pulumi-rollout-crm adopt rollout`), or the first update
 * removes everyone you have not written down yet.
 */
export class RolloutTeam extends pulumi.dynamic.Resource {
  /** The members in code, lower-case and sorted. */
  declare readonly members: pulumi.Output<string[]>;
  /** The members kept although not in code. */
  declare readonly keep: pulumi.Output<string[]>;
  /** The live members in neither list, as of the last refresh: the next `pulumi up` removes them. */
  declare readonly notInCode: pulumi.Output<string[]>;

  constructor(name: string, args: RolloutTeamArgs, opts?: pulumi.CustomResourceOptions) {
    refuseImportOption("RolloutTeam", name, opts);
    super(TEAM_PROVIDER, name, propsWithUnknownArgs({ members: args.members, keep: args.keep, notInCode: undefined }, args), opts, "rollout", "Team");
  }
}
