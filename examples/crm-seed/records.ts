/**
 * The records every environment's CRMs must contain: demo accounts, partner contacts and
 * the notes the sales team relies on. Only the fields written here are managed: whatever
 * people add to these records in the CRM's own UI is left alone.
 */
import type { OutsetaPersonArgs, RogerRogerPersonArgs, RolloutCrmPersonArgs } from "pulumi-rollout-crm";

/** A note on one of the RogerRoger people below (`person` is its key in `rogerrogerPeople`). */
export interface SeedNote {
  person: keyof typeof rogerrogerPeople;
  title: string;
  description?: string;
  flagged?: boolean;
}

/*
 * Records that already exist in a real account are adopted, not created again: give the
 * record's id in the CRM as `importId`, and the first `pulumi up` patches it to these values.
 *
 *   "sales-lead": {
 *     crm: "rogerroger",
 *     familyName: "Lead",
 *     jobTitle: "VP Sales",
 *     importId: "0f8fad5b-d9cb-469f-a165-70867728950e", // the person's id in RogerRoger
 *   },
 */

/** People in RogerRoger, by resource name. */
export const rogerrogerPeople = {
  "demo-buyer": {
    crm: "rogerroger",
    givenName: "Dana",
    familyName: "Demo",
    emails: ["dana.demo@example.com"],
    phones: [{ number: "+31 20 555 0101", type: "work" }],
    address: { street: "Dam 1", city: "Amsterdam", postalCode: "1012 JS", country: "NL" },
    jobTitle: "Head of Purchasing",
  },
  "partner-contact": {
    crm: "rogerroger",
    givenName: "Pat",
    familyName: "Partner",
    emails: ["pat@partner.example"],
    jobTitle: "Alliances Manager",
    fields: { honorificPrefix: "Dr." },
  },
} satisfies Record<string, RogerRogerPersonArgs>;

export const notes: Record<string, SeedNote> = {
  "demo-buyer-script": {
    person: "demo-buyer",
    title: "Demo script",
    description: "Use this account for product demos; reset its orders after each demo.",
    flagged: true,
  },
  "partner-contact-terms": {
    person: "partner-contact",
    title: "Partner terms",
    description: "Reseller agreement 2026, 20% margin.",
  },
};

/** People in Outseta: exactly one e-mail each, unique in the account. */
export const outsetaPeople: Record<string, OutsetaPersonArgs> = {
  "trial-user": {
    crm: "outseta",
    givenName: "Terry",
    familyName: "Trial",
    emails: ["terry.trial@example.com"],
    phones: [{ number: "+1 555 0102", type: "mobile" }],
    jobTitle: "Founder",
  },
};

/** People in the Rollout Universal CRM. */
export const rolloutCrmPeople: Record<string, RolloutCrmPersonArgs> = {
  "test-lead": {
    crm: "rolloutCrm",
    givenName: "Lee",
    familyName: "Lead",
    emails: ["lee.lead@example.com"],
    address: { city: "Austin", region: "TX", country: "US" },
    fields: { stage: "Lead", source: "Website", tags: ["seed"] },
  },
};
