/** Outseta people made by hand, in its API's own shape (`seedByHand(emu, "outseta", ...)`). */
export const handMadeOutsetaPeople = [
  { Email: "ceo@acme.example", FirstName: "Cy", LastName: "Eo", Title: "CEO", PhoneMobile: "+1 555 0100" },
  { Email: "buyer@acme.example", FirstName: "Bea", MailingAddress: { AddressLine1: "1 Main St", City: "Springfield", State: "IL", PostalCode: "62701", Country: "United States" } },
];
