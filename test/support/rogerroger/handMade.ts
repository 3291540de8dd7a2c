/** RogerRoger people (and a note) made by hand, in its API's own shape (`seedByHand(emu, "rogerroger", ...)`). */
export const handMadeRogerRogerPeople = [
  {
    givenName: "Tess",
    familyName: "Ter",
    jobTitle: "Head of Purchasing",
    emailAddresses: [{ email: "tess@example.com" }, { email: "tess.ter@home.example" }],
    phoneNumbers: [{ phoneNumber: "+31 20 123 4567", phoneType: "work" }],
    address: { street: "Oudegracht 1", city: "Utrecht", postalCode: "3511 AA", country: "NL" },
    notes: [{ title: "Demo script", description: "Show the seed data.\nThen the drift report.", flagged: true }],
  },
  { givenName: "Tess", familyName: "Twin", emailAddresses: [{ email: "tess@partner.example" }] },
  { familyName: "Nomail" },
];
