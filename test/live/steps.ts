/**
 * Per service: the records of each step of the live lifecycle, and the changes made "by
 * hand" through the API (another client: a person in the service's UI), made with the
 * provider's own API methods so the run needs no HTTP code of its own.
 */
import type { ProviderContext } from "../../provider/plugin/context";
import * as registry from "../../provider/registry";
import type { ServiceName } from "../../provider/services";
import type { LiveSettings } from "./settings";

export interface ServiceSteps {
  /** The program folder under test/e2e/programs and the config key of its records. */
  readonly program: "crm" | "rollout-users";
  readonly configKey: "people" | "users";
  /** Records by resource name, at step 1 (create) and step 2 (every field kind changed). */
  create(s: LiveSettings): Record<string, unknown>;
  update(s: LiveSettings): Record<string, unknown>;
  /** Changes a managed field of the first record by hand; `id` is its resource id. */
  driftByHand(context: ProviderContext, id: string): Promise<void>;
  /** Creates a record by hand and returns its id, for an `importId`. */
  createByHand(context: ProviderContext, email: string): Promise<string>;
  /** The args of a resource adopting the record made by hand. */
  adopting(s: LiveSettings, email: string, id: string): Record<string, unknown>;
}

const email = (s: LiveSettings, local: string): string => `${s.prefix}${local}@${s.emailDomain}`;

/** The common fields of CrmPerson, the same for every CRM; `native`: one backend-native field. */
function crmSteps(crm: Exclude<ServiceName, "rollout">, native: [Record<string, unknown>, Record<string, unknown>], hand: ServiceSteps["driftByHand"], make: ServiceSteps["createByHand"]): ServiceSteps {
  return {
    program: "crm",
    configKey: "people",
    create: (s) => ({
      ann: {
        crm,
        givenName: "Ann",
        familyName: "Live",
        emails: [email(s, "ann")],
        phones: [{ number: "+1 555 0100", type: "mobile" }],
        address: { street: "1 Main St", city: "Springfield", postalCode: "62701", country: "US" },
        jobTitle: "Buyer",
        fields: native[0],
      },
    }),
    update: (s) => ({
      ann: {
        crm,
        givenName: "Anne", // a string
        familyName: "Live",
        emails: [email(s, "anne")], // a list, and the natural key
        phones: [{ number: "+1 555 0200", type: "work" }], // a list of objects
        address: { city: "Chicago", country: "US" }, // an object, fields dropped
        jobTitle: "Head of Buying",
        fields: native[1], // a native field
      },
    }),
    driftByHand: hand,
    createByHand: make,
    adopting: (s, mail, id) => ({ crm, givenName: "Adopted", familyName: "Live", emails: [mail], importId: id }),
  };
}

export const STEPS: Readonly<Record<ServiceName, ServiceSteps>> = {
  rollout: {
    program: "rollout-users",
    configKey: "users",
    create: (s) => ({ ann: { email: email(s, "ann"), name: "Ann Live" } }),
    update: (s) => ({
      ann: {
        email: email(s, "ann"),
        name: "Anne Live",
        teamAdmin: true,
        ...(s.rolloutApp ? { applications: { [s.rolloutApp.id]: { environments: Object.fromEntries(s.rolloutApp.environments.map((e) => [e, "read"])) } } } : {}),
      },
    }),
    driftByHand: async (c, id) => {
      await c.service(registry.rollout).api.patchUser(id, [{ op: "replace", path: "/name", value: "Changed by hand" }]);
    },
    createByHand: async (c, mail) => (await c.service(registry.rollout).api.putUser({ email: mail, name: "Made by hand" })).email,
    adopting: (_s, mail) => ({ email: mail, name: "Adopted Live", importId: mail }),
  },
  rogerroger: crmSteps(
    "rogerroger",
    [{ honorificPrefix: "Dr." }, { honorificPrefix: "Prof." }],
    async (c, id) => {
      await c.service(registry.rogerroger).api.updatePerson(id, { jobTitle: "Changed by hand" });
    },
    async (c, mail) => {
      const p = await c.service(registry.rogerroger).api.createPerson({ familyName: "Hand", emailAddresses: [{ email: mail }] });
      return String(p.id ?? String(p["@id"]).split("/").pop());
    },
  ),
  outseta: crmSteps(
    "outseta",
    [{ Timezone: "America/Chicago" }, { Timezone: "UTC" }],
    async (c, id) => {
      await c.service(registry.outseta).api.updatePerson(id, { Title: "Changed by hand" });
    },
    async (c, mail) => String((await c.service(registry.outseta).api.createPerson({ Email: mail, FirstName: "Hand" })).Uid),
  ),
  rolloutCrm: crmSteps(
    "rolloutCrm",
    [{ stage: "Lead" }, { stage: "Customer" }],
    async (c, id) => {
      await c.service(registry.rolloutCrm).api.updatePerson(id, { jobTitle: "Changed by hand" });
    },
    async (c, mail) => String((await c.service(registry.rolloutCrm).api.createPerson({ firstName: "Hand", lastName: "Live", emails: [{ value: mail }] })).id),
  ),
};
