/** Rollout team members made by hand, in the users API's own shape (`seedByHand(emu, "rollout", ...)`). */

/** An application id of the account: ids are 24 hex digits in every example of the API. */
export const APP = "5f1175a8f8daa545e28c8aa2";

export const handMadeMembers = [
  { email: "Ada@Example.com", name: "Ada Lovelace", teamAdmin: true, applications: { [APP]: { environments: { Production: "write", Staging: "write" } } } },
  { email: "grace@example.com", name: "Grace Hopper", applications: { [APP]: { environments: { Production: "read" } } } },
  // Invited without a name: Rollout shows the e-mail.
  { email: "linus@partner.example" },
];
