/**
 * The plugin's Pulumi package schema (https://www.pulumi.com/docs/iac/using-pulumi/extending-pulumi/schema/),
 * derived from the registry: its config has one object type per service with that profile's
 * settings (secrets marked, environment variables named), `crm` lists the CRMs of the
 * registry, and its resources are the runtime's kinds (kinds.ts). What a schema needs and the
 * code does not say (property types and descriptions) is the small table below, one entry per
 * resource kind; `schema()` refuses a kind without one, so a new kind cannot go unserved.
 */
import { crmsOf, SERVICES } from "../provider/services";
import type { ServiceProfile } from "../provider/plugin/profile";
import { isNumberSetting, settingName } from "./config";
import { PACKAGE, resourceName, tokenOf } from "./kinds";

type Spec = Record<string, unknown>;

const str = (description: string): Spec => ({ type: "string", description });
const bool = (description: string): Spec => ({ type: "boolean", description });
const strings = (description: string): Spec => ({ type: "array", items: { type: "string" }, description });
const ref = (name: string, description = ""): Spec => ({ $ref: `#/types/${PACKAGE}:index:${name}`, ...(description ? { description } : {}) });

/** What a setting is, by its name (the key without the service). */
const SETTING_DESCRIPTIONS: Readonly<Record<string, string>> = {
  apiUrl: "The API's base URL.",
  apiToken: "The API token.",
  apiKey: "The API key.",
  secretKey: "The API secret key.",
  authToken: "An access token for the API (instead of clientId, clientSecret and userId).",
  clientId: "The OAuth client id a token is minted with.",
  clientSecret: "The OAuth client secret a token is minted with.",
  userId: "The user a token is minted for.",
  credentialId: "The connected CRM credential (found through the credentials API when unset).",
  credentialsUrl: "The base URL of the credentials API (tokens, connected CRMs).",
  requestTimeoutSeconds: "The overall deadline of one request, retries included, in seconds (0: none).",
  maxApiShare: "The share (greater than 0, at most 1) of the service's documented rate limit this stack may use.",
  notReadyTimeoutSeconds: "How long to wait, in seconds, for a CRM that was just connected and answers 409 'not ready'.",
};

function settingSpec(setting: ServiceProfile<unknown>["settings"][string]): Spec {
  const name = settingName(setting);
  const parts = [SETTING_DESCRIPTIONS[name] ?? `The ${name} setting.`];
  if (setting.example) parts.push(`For example ${setting.example}.`);
  if (setting.default !== undefined) parts.push(`Default: ${setting.default}.`);
  parts.push(`When unset: the environment variable ${setting.env}.`);
  const spec: Spec = { type: isNumberSetting(setting) ? "number" : "string", description: parts.join(" ") };
  if (setting.secret) spec.secret = true;
  spec.defaultInfo = { environment: [setting.env] };
  return spec;
}

/** The object type of a service's settings (`rollout` → RolloutSettings). */
export function settingsTypeName(service: string): string {
  return `${service.charAt(0).toUpperCase()}${service.slice(1)}Settings`;
}

function settingsType(profile: ServiceProfile<unknown>): Spec {
  return {
    type: "object",
    description: `The settings of ${profile.name}, as the dynamic resources read them from the stack config '${profile.name}:<key>'.`,
    properties: Object.fromEntries(Object.values(profile.settings).map((s) => [settingName(s), settingSpec(s)])),
  };
}

const quoted = (names: readonly string[]) => names.map((n) => `"${n}"`).join(", ");

/** A resource's inputs and the outputs beyond them. */
interface ResourceSpec {
  description: string;
  inputs: Record<string, Spec>;
  requiredInputs: string[];
  outputs: Record<string, Spec>;
  requiredOutputs: string[];
}

function resourceSpecs(services: readonly ServiceProfile<unknown>[]): Record<string, ResourceSpec> {
  const byName = crmsOf(services);
  const crms = Object.keys(byName);
  const noteCrms = crms.filter((name) => byName[name].notes !== undefined);
  const importId = (what: string) => str(`Adopt an existing ${what} instead of creating one: its id. The create reads it and writes the program's values.`);
  const managedFields = strings("The fields the program manages: a field it stops setting is cleared once, then left alone.");
  return {
    "rollout:User": {
      description: "A team member of a Rollout account and their access to applications and environments. Import id: the member's e-mail.",
      inputs: {
        email: str("The user's e-mail: identity and resource id, compared case-insensitively. A change replaces the user."),
        name: str("Display name. When left out the service keeps its own (it defaults to the e-mail)."),
        teamAdmin: bool("Whether the user is a team admin. Default false."),
        applications: { type: "object", additionalProperties: ref("ApplicationAccess", ""), description: "The whole access map: application id → environments and permissions." },
        importId: str("Adopt an existing team member instead of creating one: the member's e-mail."),
      },
      requiredInputs: ["email"],
      outputs: {},
      requiredOutputs: ["email", "name", "teamAdmin", "applications"],
    },
    "rollout:Team": {
      description:
        "The whole Rollout team, authoritatively: members in neither `members` nor `keep` are removed, after a refresh has listed them in `notInCode`. One per account; it cannot be imported (it is a rule, not a record: declare it, its create removes nobody).",
      inputs: {
        members: strings("Every member the team may have: e-mails, usually the `email` outputs of the RolloutUsers."),
        keep: strings("Members to keep although no RolloutUser manages them: the account owner, service accounts."),
      },
      requiredInputs: ["members"],
      outputs: { notInCode: strings("Live members in neither list, as of the last refresh: the members the next update removes.") },
      requiredOutputs: ["members", "keep", "notInCode"],
    },
    "crm:Person": {
      description: `A person in one CRM (${quoted(crms)}). Only the fields the program sets are managed. Import id: \`<crm>/<person id>\`.`,
      inputs: {
        crm: str(`The CRM: one of ${quoted(crms)}. A change replaces the person.`),
        givenName: str("First name."),
        familyName: str("Last name."),
        emails: strings("E-mail addresses, the primary one first; stored lower-case. Managed as a whole."),
        phones: { type: "array", items: ref("PhoneNumber", ""), description: "Phone numbers, the primary one first. Managed as a whole." },
        address: ref("PostalAddress", "The postal address, managed as a whole."),
        jobTitle: str("Job title."),
        fields: { type: "object", additionalProperties: { $ref: "pulumi.json#/Any" }, description: "The CRM's own properties, by their API names, each managed on its own." },
        importId: importId("person"),
        allowDuplicateEmail: bool("Let the create make a new person although one holds this primary e-mail (RogerRoger, the Universal CRM)."),
      },
      requiredInputs: ["crm"],
      outputs: {
        managedFields,
        backendRefs: { type: "object", additionalProperties: { type: "string" }, description: "Ids of the CRM a later update needs." },
      },
      requiredOutputs: ["crm", "managedFields"],
    },
    "crm:PersonNote": {
      description: `A note on a CRM person (${quoted(noteCrms)}). Import id: \`<crm>/<person id>/<note id>\`.`,
      inputs: {
        personId: str("The id of the person the note is on (a CrmPerson's id). A change replaces the note."),
        crm: str(`The CRM: one of ${quoted(noteCrms)}. Default: ${noteCrms[0]}. A change replaces the note.`),
        title: str("The note's title."),
        description: str("The note's text."),
        flagged: bool("Whether the note is flagged."),
        isPrivate: bool("Whether the note is private to its author."),
        author: str("The author, an IRI /users/{id}."),
        category: str("The category, an IRI /note_categories/{id}."),
        importId: importId("note of the person"),
      },
      requiredInputs: ["personId"],
      outputs: { managedFields },
      requiredOutputs: ["crm", "personId", "managedFields"],
    },
  };
}

const TYPES: Record<string, Spec> = {
  PhoneNumber: {
    type: "object",
    description: "A phone number of a person.",
    properties: { number: str("The number as the CRM should show it."), type: str("The kind of number, as the CRM names it.") },
    required: ["number"],
  },
  PostalAddress: {
    type: "object",
    description: "A postal address; every part is optional.",
    properties: {
      street: str("Street and number."),
      city: str("City or town."),
      postalCode: str("Postal code."),
      region: str("State, province or region."),
      country: str("ISO 3166-1 alpha-2 country code, e.g. NL."),
    },
  },
  ApplicationAccess: {
    type: "object",
    description: "A user's access to one application.",
    properties: { environments: { type: "object", additionalProperties: { type: "string" }, description: 'Environment name → "read" or "write".' } },
    required: ["environments"],
  },
};

/**
 * The schema of the plugin serving `kinds`, at `version`, for the registry's services (the
 * contract suite passes the test registry, so the fixture CRM is checked to appear in it).
 */
export function schema(kinds: readonly string[], version: string, services: readonly ServiceProfile<unknown>[] = SERVICES): Spec {
  const specs = resourceSpecs(services);
  const resources: Record<string, Spec> = {};
  for (const kind of kinds) {
    const spec = specs[kind];
    if (!spec) throw new Error(`${PACKAGE} schema: the resource kind '${kind}' (${resourceName(kind)}) has no entry in server/schema.ts`);
    resources[tokenOf(kind)] = {
      description: spec.description,
      inputProperties: spec.inputs,
      requiredInputs: spec.requiredInputs,
      properties: { ...spec.inputs, ...spec.outputs },
      required: spec.requiredOutputs,
    };
  }
  const configTypes = Object.fromEntries(services.map((p) => [`${PACKAGE}:index:${settingsTypeName(p.name)}`, settingsType(p)]));
  const variables = Object.fromEntries(services.map((p) => [p.name, ref(settingsTypeName(p.name), `The settings of ${p.name}.`)]));
  return {
    name: PACKAGE,
    displayName: "Rollout CRM",
    version,
    description: "Rollout team access and CRM records (RogerRoger, Outseta, the Rollout Universal CRM): the pulumi-rollout-crm resources as a provider plugin.",
    license: "Apache-2.0",
    repository: "https://github.com/pulumi-rollout-crm/pulumi-rollout-crm",
    config: { variables },
    provider: { description: "The rolloutcrm provider: one settings object per service.", inputProperties: variables },
    types: { ...Object.fromEntries(Object.entries(TYPES).map(([name, spec]) => [`${PACKAGE}:index:${name}`, spec])), ...configTypes },
    resources,
  };
}
