/**
 * Records made "by hand": created through each emulator's normal API with the development
 * credential, as a person in the service's UI or another client would, so `adopt` has an
 * account full of records that no Pulumi program made.
 */
import type { RunningEmulators } from "./emulators";

const ROLLOUT = { authorization: "Bearer dev-rollout-token", "content-type": "application/json" };
const ROGERROGER = { "x-api-key": "dev-rogerroger-key", "content-type": "application/ld+json", accept: "application/ld+json" };
const OUTSETA = { authorization: "Outseta dev-outseta-key:dev-outseta-secret", "content-type": "application/json" };
const ROLLOUT_CRM = { authorization: "Bearer dev-rollout-crm-token", "x-rollout-credential-id": "dev-credential", "content-type": "application/json" };

async function send(url: string, method: string, headers: Record<string, string>, body?: unknown): Promise<any> {
  const res = await fetch(url, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  if (res.status >= 300) throw new Error(`seed: ${method} ${url}: ${res.status} ${text}`);
  return text ? JSON.parse(text) : undefined;
}

export const APP = "5f1175a8f8daa545e28c8aa2";

/**
 * Rollout team members, PUT one by one. With the emulator's 1 request/s limit on, a 555
 * (rate limited, not executed) is waited out and sent again, as any polite client does.
 */
export async function seedRolloutMembers(emu: RunningEmulators, members: Array<Record<string, unknown>>): Promise<void> {
  for (const m of members) {
    for (let attempt = 0; ; attempt++) {
      const res = await fetch(`${emu.urls.rollout}/users`, { method: "PUT", headers: ROLLOUT, body: JSON.stringify(m) });
      const text = await res.text();
      if (res.status === 555 && attempt < 10) {
        await new Promise((r) => setTimeout(r, 1200));
        continue;
      }
      if (res.status >= 300) throw new Error(`seed: PUT /users: ${res.status} ${text}`);
      break;
    }
  }
}

export const handMadeMembers = [
  { email: "Ada@Example.com", name: "Ada Lovelace", teamAdmin: true, applications: { [APP]: { environments: { Production: "write", Staging: "write" } } } },
  { email: "grace@example.com", name: "Grace Hopper", applications: { [APP]: { environments: { Production: "read" } } } },
  // Invited without a name: Rollout shows the e-mail.
  { email: "linus@partner.example" },
];

/** RogerRoger people (and notes); returns their ids in order. */
export async function seedRogerRogerPeople(
  emu: RunningEmulators,
  people: Array<Record<string, unknown> & { notes?: Array<Record<string, unknown>> }>,
): Promise<string[]> {
  const ids: string[] = [];
  for (const { notes, ...person } of people) {
    const created = await send(`${emu.urls.rogerroger}/people`, "POST", ROGERROGER, person);
    const id = String(created.id ?? String(created["@id"]).split("/").pop());
    ids.push(id);
    for (const note of notes ?? []) await send(`${emu.urls.rogerroger}/people/${id}/notes`, "POST", ROGERROGER, { ...note, personId: id });
  }
  return ids;
}

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

export async function seedOutsetaPeople(emu: RunningEmulators, people: Array<Record<string, unknown>>): Promise<string[]> {
  const ids: string[] = [];
  for (const person of people) ids.push((await send(`${emu.urls.outseta}/crm/people`, "POST", OUTSETA, person)).Uid);
  return ids;
}

export const handMadeOutsetaPeople = [
  { Email: "ceo@acme.example", FirstName: "Cy", LastName: "Eo", Title: "CEO", PhoneMobile: "+1 555 0100" },
  { Email: "buyer@acme.example", FirstName: "Bea", MailingAddress: { AddressLine1: "1 Main St", City: "Springfield", State: "IL", PostalCode: "62701", Country: "United States" } },
];

export async function seedRolloutCrmPeople(emu: RunningEmulators, people: Array<Record<string, unknown>>): Promise<string[]> {
  const ids: string[] = [];
  for (const person of people) ids.push(String((await send(`${emu.urls.rolloutCrm}/people`, "POST", ROLLOUT_CRM, person)).id));
  return ids;
}

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
