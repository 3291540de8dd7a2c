import { CrmPerson, PersonNote } from "pulumi-rollout-crm";

const rita = new CrmPerson("rita", { crm: "rogerroger", givenName: "Rita", familyName: "Roe", emails: ["rita@acme.example"], jobTitle: "Head of Sales" });
new PersonNote("ritaIntro", { personId: rita.id, title: "Intro call", description: "Wants the Q3 pricing sheet." });

export const ritaId = rita.id;
