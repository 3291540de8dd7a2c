"use strict";
// Plain JavaScript, as a user without TypeScript writes it: nothing checks the arguments
// before the provider does. `js-args:resources` = JSON list of
// { kind: "RolloutUser" | "RolloutTeam" | "CrmPerson", name, args, import? }; `import` is the
// `import` resource option (refused: dynamic resources adopt with the `importId` argument).
const pulumi = require("@pulumi/pulumi");
const { CrmPerson, RolloutTeam, RolloutUser } = require("pulumi-rollout-crm");

const classes = { CrmPerson, RolloutTeam, RolloutUser };
for (const { kind, name, args, import: id } of new pulumi.Config().requireObject("resources")) {
  new classes[kind](name, args, id === undefined ? undefined : { import: id });
}
