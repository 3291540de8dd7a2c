import { ConfigError, howToSet, readSeconds, readSetting, settings } from "../config";
import { PagedReader } from "../crm/pagedReader";
import { createServiceClient } from "../http/client";
import type { PacingConfig } from "../http/pacing";
import { validateBaseUrl } from "../http/url";
import { listCredentials, PAGE_SIZE, RolloutCrmApi } from "./api";
import { MintedToken } from "./jwt";
import type { ApiPerson } from "./types";

export interface RolloutCrmService {
  api: RolloutCrmApi;
  /** Reads of people, batched over `GET /people` pages (see crm/pagedReader.ts). */
  people: PagedReader<ApiPerson>;
}

/** Either a static token, or what is needed to mint one per run. */
export type RolloutCrmAuth = { authToken: string } | { clientId: string; clientSecret: string; userId: string };

export interface RolloutCrmServiceOptions {
  auth: RolloutCrmAuth;
  /** Default: discovered from `GET {credentialsUrl}/credentials` on first use (`[0].id`). */
  credentialId?: string;
  apiUrl: string;
  credentialsUrl: string;
  /** The overall deadline of one request (rolloutCrm:requestTimeoutSeconds). Default 120 s. */
  requestTimeoutSeconds?: number;
  /** How long to wait out 409 "data not ready" before failing. Default 120 s. */
  notReadyTimeoutSeconds?: number;
  /** Default: the service preset (40 requests per sliding second, process-wide). */
  pacing?: PacingConfig;
  /** Wait between 409 retries (tests shorten it). Default: the HTTP layer's 5 s. */
  notReadyPollMs?: number;
  batchMs?: number;
}

const HINT =
  `check ${settings.rolloutCrmAuthToken.key} / ${settings.rolloutCrmAuthToken.env}, or ${settings.rolloutCrmClientId.key}, ` +
  `${settings.rolloutCrmClientSecret.key} and ${settings.rolloutCrmUserId.key}; and ${settings.rolloutCrmCredentialId.key}`;

export function createRolloutCrmService(options: RolloutCrmServiceOptions): RolloutCrmService {
  const notReadyTimeoutSeconds = options.notReadyTimeoutSeconds ?? 120;
  const { auth } = options;
  let token: () => string;
  if ("authToken" in auth) token = () => auth.authToken;
  else {
    // A retried request keeps its headers: the token must outlive the longest 409 wait.
    const minted = new MintedToken({ ...auth, lifetimeSeconds: 900 + notReadyTimeoutSeconds });
    token = () => minted.get();
  }
  // The minted tokens themselves are redacted as auth header values by the HTTP layer.
  const secrets = "authToken" in auth ? [auth.authToken] : [auth.clientSecret];
  const retry = { notReadyTimeoutSeconds, ...(options.notReadyPollMs === undefined ? {} : { notReadyPollMs: options.notReadyPollMs }) };

  const credentialsClient = createServiceClient({
    service: "rolloutCrm",
    baseUrl: options.credentialsUrl,
    baseUrlSetting: settings.rolloutCrmCredentialsUrl.key,
    auth: () => ({ authorization: `Bearer ${token()}` }),
    secrets,
    credentialsHint: HINT,
    pacing: options.pacing,
    retry,
    deadlineSeconds: options.requestTimeoutSeconds,
    deadlineSetting: settings.rolloutCrmRequestTimeoutSeconds.key,
  });

  // Discovered once per process, lazily: configure() must not await anything. A failed
  // discovery is not kept, so the next request tries again.
  let credentialId: Promise<string> | undefined = options.credentialId === undefined ? undefined : Promise.resolve(options.credentialId);
  const discover = async (): Promise<string> => {
    const credentials = await listCredentials(credentialsClient);
    const id = credentials[0]?.id;
    if (!id) {
      throw new Error(
        `rolloutCrm: no credential is connected for this user (GET /credentials returned none); connect a CRM with Rollout Link, ` +
          `or ${howToSet(settings.rolloutCrmCredentialId)}.`,
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

  const client = createServiceClient({
    service: "rolloutCrm",
    baseUrl: options.apiUrl,
    baseUrlSetting: settings.rolloutCrmApiUrl.key,
    auth: async () => ({ authorization: `Bearer ${token()}`, "x-rollout-credential-id": await currentCredentialId() }),
    secrets,
    credentialsHint: HINT,
    pacing: options.pacing,
    retry,
    deadlineSeconds: options.requestTimeoutSeconds,
    deadlineSetting: settings.rolloutCrmRequestTimeoutSeconds.key,
  });
  const api = new RolloutCrmApi(client, () => people.invalidate());
  const people = new PagedReader<ApiPerson>(
    { firstPage: () => api.listPeople(), getOne: (id) => api.getPerson(id), keyOf: (p) => p.id ?? "", pageSize: PAGE_SIZE },
    { batchMs: options.batchMs },
  );
  return { api, people };
}

/** The credentials from config: a token, or client id + secret + user id to mint one. */
export function authFromConfig(): RolloutCrmAuth {
  const authToken = readSetting(settings.rolloutCrmAuthToken);
  if (authToken !== undefined) return { authToken };
  const parts = [settings.rolloutCrmClientId, settings.rolloutCrmClientSecret, settings.rolloutCrmUserId];
  const [clientId, clientSecret, userId] = parts.map((s) => readSetting(s));
  if (clientId !== undefined && clientSecret !== undefined && userId !== undefined) return { clientId, clientSecret, userId };
  const missing = parts.find((s) => readSetting(s) === undefined)!;
  const anyClient = clientId !== undefined || clientSecret !== undefined || userId !== undefined;
  throw new ConfigError(
    `The Rollout Universal CRM credentials are missing: ${howToSet(settings.rolloutCrmAuthToken)}; ` +
      `or, to mint a token per run, set ${parts.map((s) => `'${s.key}' (${s.env})`).join(", ")}` +
      (anyClient ? ` (missing: '${missing.key}')` : "") +
      ".",
    anyClient ? missing : settings.rolloutCrmAuthToken,
  );
}

let service: RolloutCrmService | undefined;

/** The Universal CRM service of this process, built on first use from the recorded config. */
export function rolloutCrmService(): RolloutCrmService {
  if (service) return service;
  const auth = authFromConfig();
  const notReadyTimeoutSeconds = readSeconds(settings.rolloutCrmNotReadyTimeoutSeconds);
  const requestTimeoutSeconds = readSeconds(settings.rolloutCrmRequestTimeoutSeconds);
  service = createRolloutCrmService({
    auth,
    credentialId: readSetting(settings.rolloutCrmCredentialId),
    apiUrl: validateBaseUrl(readSetting(settings.rolloutCrmApiUrl)!, settings.rolloutCrmApiUrl.key),
    credentialsUrl: validateBaseUrl(readSetting(settings.rolloutCrmCredentialsUrl)!, settings.rolloutCrmCredentialsUrl.key),
    notReadyTimeoutSeconds,
    requestTimeoutSeconds,
  });
  return service;
}

/** Test hook: forget the service (or replace it). */
export function resetRolloutCrmServiceForTests(replacement?: RolloutCrmService): void {
  service = replacement;
}
