import type * as pulumi from "@pulumi/pulumi";

/** Arguments of a {@link RolloutTeam}. */
export interface RolloutTeamArgs {
  /**
   * Every member the team may have: e-mails, usually the `email` outputs of the program's
   * RolloutUsers (which also makes the team wait for them).
   */
  readonly members: pulumi.Input<readonly pulumi.Input<string>[]>;
  /** Members to keep although no RolloutUser manages them: the account owner, service accounts. */
  readonly keep?: pulumi.Input<readonly pulumi.Input<string>[]>;
}

/** Inputs after `check`: lower-case, sorted, without repeats. */
export interface RolloutTeamInputs {
  members: string[];
  keep: string[];
}

/** Outputs: the inputs, and the live members that are in neither list. */
export interface RolloutTeamOutputs extends RolloutTeamInputs {
  /**
   * Live members in neither `members` nor `keep`, as of the last refresh: the members the next
   * `pulumi up` removes (a preview shows this list changing to empty). Create and update
   * leave it empty: only a refresh lists members for removal.
   */
  notInCode: string[];
}
