/**
 * The Rollout Universal CRM (the Universal CRM API documentation): its settings, HTTP policy,
 * error shape, credentials (a static token or a JWT minted per run, and the credential id
 * discovered once), and the CrmPerson backend. Listed in ../registry.ts.
 */
import { connectCrm, type CrmService } from "../crm/connect";
import { personAdapter, personEndpoints } from "../crm/person/adapter";
import type { CrmProfile } from "../crm/profile";
import { str } from "../http/errors";
import { MissingCredential, type ConfigReader, type Setting } from "../plugin/config";
import { listCredentials, PAGE_SIZE, RolloutCrmApi } from "./api";
import type { RolloutCrmPersonArgs } from "./args";
import { checkRolloutCrmPerson } from "./check";
import { MintedToken } from "./jwt";
import { peopleByEmail } from "./lookup";
import { createBody, normalizeNativeFields, personFromApi, updateBody } from "./mapping";
import type { ApiPerson } from "./types";
import { listing } from "./listing";
import { presentation } from "./presentation";
import { probe } from "./probe";

export const settings = {
  authToken: { key: "rolloutCrm:authToken", env: "ROLLOUT_CRM_AUTH_TOKEN", secret: true },
  clientId: { key: "rolloutCrm:clientId", env: "ROLLOUT_CRM_CLIENT_ID" },
  clientSecret: { key: "rolloutCrm:clientSecret", env: "ROLLOUT_CRM_CLIENT_SECRET", secret: true },
  userId: { key: "rolloutCrm:userId", env: "ROLLOUT_CRM_USER_ID" },
  credentialId: { key: "rolloutCrm:credentialId", env: "ROLLOUT_CRM_CREDENTIAL_ID" },
  apiUrl: { key: "rolloutCrm:apiUrl", env: "ROLLOUT_CRM_API_URL", default: "https://crm.universal.rollout.com/api" },
  credentialsUrl: { key: "rolloutCrm:credentialsUrl", env: "ROLLOUT_CRM_CREDENTIALS_URL", default: "https://universal.rollout.com/api" },
  requestTimeoutSeconds: { key: "rolloutCrm:requestTimeoutSeconds", env: "ROLLOUT_CRM_REQUEST_TIMEOUT_SECONDS", default: "120" },
  maxApiShare: { key: "rolloutCrm:maxApiShare", env: "ROLLOUT_CRM_MAX_API_SHARE" },
  notReadyTimeoutSeconds: { key: "rolloutCrm:notReadyTimeoutSeconds", env: "ROLLOUT_CRM_NOT_READY_TIMEOUT_SECONDS", default: "120" },
} satisfies Record<string, Setting>;

/** Its people read over `GET /people` pages (crm/connect.ts). */
export type RolloutCrmService = CrmService<RolloutCrmApi, ApiPerson>;

/** Either a static token, or what is needed to mint one per run. */
export type RolloutCrmAuth = { authToken: string } | { clientId: string; clientSecret: string; userId: string };

/**
 * The credentials from config: a token, or client id + secret + user id to mint one. Each
 * part that is missing is a MissingCredential (thrown, or noted by `check`'s reader): none
 * set at all is one, naming both ways; a token being minted, each part not set.
 */
export function authFromConfig(config: ConfigReader): RolloutCrmAuth {
  const authToken = config.get(settings.authToken);
  if (authToken !== undefined) return { authToken };
  const parts = [settings.clientId, settings.clientSecret, settings.userId];
  const values = parts.map((s) => config.get(s));
  const missing = (setting: Setting, which: string): string =>
    config.missingCredential(
      new MissingCredential(
        `The Rollout Universal CRM credentials are missing: ${config.howToSet(settings.authToken)}; ` +
          `or, to mint a token per run, set ${parts.map((s) => `'${s.key}' (${s.env})`).join(", ")}${which}.`,
        setting,
      ),
    );
  if (values.every((v) => v === undefined)) return { authToken: missing(settings.authToken, "") };
  const [clientId, clientSecret, userId] = parts.map((s, i) => values[i] ?? missing(s, ` (missing: '${s.key}')`));
  return { clientId, clientSecret, userId };
}

export const profile: CrmProfile<RolloutCrmService, RolloutCrmPersonArgs> = {
  name: "rolloutCrm",
  prose: "the Rollout Universal CRM",
  settings,
  presentation,
  listing,
  probe,
  http: {
    // About 50/s per tenant: paced at 40 per sliding second. The people and credentials
    // hosts share one key: the limit is per tenant.
    pacing: { kind: "window", limit: 40, windowMs: 1000 },
    // The limit `maxApiShare` takes a share of (the pacing above is the default).
    documentedLimit: { requests: 50, perMs: 1000 },
    // 409 means "data not ready yet", waited out; but the API also answers 409 for a
    // duplicate, and only the text tells them apart (the Universal CRM API documentation,
    // "Quirks"): a duplicate is a real conflict, returned at once.
    retry: { rateLimitStatuses: [429], notReadyOn409: true, conflict409: /duplicate|already exist/i, notReadySetting: settings.notReadyTimeoutSeconds.key },
    // {"error": "..."}; some clients also read `message`.
    errorMessage: (b) => str(b.error) ?? str(b.message) ?? str((b.error as { message?: unknown })?.message),
  },
  credentialsHint:
    `check ${settings.authToken.key} / ${settings.authToken.env}, or ${settings.clientId.key}, ` +
    `${settings.clientSecret.key} and ${settings.userId.key}; and ${settings.credentialId.key}`,

  connect(kit) {
    const { config, client } = kit;
    const auth = authFromConfig(config);
    const notReadyTimeoutSeconds = config.seconds(settings.notReadyTimeoutSeconds);
    const configuredCredentialId = config.get(settings.credentialId);
    const apiUrl = config.url(settings.apiUrl, "The Universal CRM API URL");
    const credentialsUrl = config.url(settings.credentialsUrl, "The Universal CRM credentials URL");

    let token: () => string;
    if ("authToken" in auth) token = () => auth.authToken;
    else {
      // A retried request keeps its headers: the token must outlive the longest 409 wait.
      const minted = new MintedToken({ ...auth, lifetimeSeconds: 900 + notReadyTimeoutSeconds });
      token = () => minted.get();
    }
    // The minted tokens themselves are redacted as auth header values by the HTTP layer.
    const secrets = "authToken" in auth ? [auth.authToken] : [auth.clientSecret];
    const retry = { notReadyTimeoutSeconds };

    const credentialsClient = client({
      baseUrl: credentialsUrl,
      baseUrlSetting: settings.credentialsUrl.key,
      auth: () => ({ authorization: `Bearer ${token()}` }),
      secrets,
      retry,
    });

    // Discovered once per service, lazily: configure() must not await anything. A failed
    // discovery is not kept, so the next request tries again.
    let credentialId: Promise<string> | undefined = configuredCredentialId === undefined ? undefined : Promise.resolve(configuredCredentialId);
    const discover = async (): Promise<string> => {
      const credentials = await listCredentials(credentialsClient);
      const id = credentials[0]?.id;
      if (!id) {
        throw new Error(
          `rolloutCrm: no credential is connected for this user (GET /credentials returned none); connect a CRM with Rollout Link, ` +
            `or ${config.howToSet(settings.credentialId)}.`,
        );
      }
      return id;
    };
    const currentCredentialId = (): Promise<string> => {
      if (!credentialId) {
        const found = discover();
        credentialId = found;
        found.catch(() => {
          if (credentialId === found) credentialId = undefined;
        });
      }
      return credentialId;
    };

    return connectCrm(kit, {
      client: {
        baseUrl: apiUrl,
        baseUrlSetting: settings.apiUrl.key,
        auth: async () => ({ authorization: `Bearer ${token()}`, "x-rollout-credential-id": await currentCredentialId() }),
        secrets,
        retry,
      },
      api: (peopleClient) => new RolloutCrmApi(peopleClient),
      pageSize: PAGE_SIZE,
      idOf: (p: ApiPerson) => p.id ?? "",
      lookup: peopleByEmail,
      writes: /^\/people\/([^/?]+)/,
    });
  },

  person: {
    // A title in prose: messages name the CRM as a user knows it, never by its config name.
    title: "the Rollout Universal CRM",
    // No duplicate detection on POST (the Universal CRM API documentation, item 9).
    duplicateEmails: true,
    check: checkRolloutCrmPerson,
    normalizeFields: normalizeNativeFields,
    normalizeId: (id) => id,
    api: ({ api, people, peopleByEmail }) =>
      personAdapter(
        personEndpoints(api, people, peopleByEmail),
        { fromApi: personFromApi, createBody, updateBody: (before, after) => updateBody(before, after) },
      ),
  },
};
