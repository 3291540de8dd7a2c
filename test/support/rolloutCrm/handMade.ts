/** Universal CRM people made by hand, in its API's own shape (`seedByHand(emu, "rolloutCrm", ...)`). */
export const handMadeRolloutCrmPeople = [
  {
    firstName: "Lee",
    lastName: "Lead",
    jobTitle: "Buyer",
    emails: [{ value: "lee@example.com", type: "work", isPrimary: true }],
    phones: [{ value: "+1 555 0199", type: "mobile", isPrimary: true }],
    addresses: [{ street: "2 Side St", city: "Portland", state: "OR", code: "97201", country: "US" }],
    stage: "Lead",
    tags: ["seed"],
  },
  { firstName: "Sam", lastName: "Source", emails: [{ value: "sam@example.com" }] },
];
