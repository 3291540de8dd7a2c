import { ConfigError, howToSet, readSeconds, readSetting, requireSetting, settings } from "../config";
import { PagedReader } from "../crm/pagedReader";
import { createServiceClient } from "../http/client";
import type { PacingConfig } from "../http/pacing";
import { validateBaseUrl } from "../http/url";
import { OutsetaApi, PAGE_SIZE } from "./api";
import type { ApiPerson } from "./types";

export interface OutsetaService {
  api: OutsetaApi;
  /** Reads of people, batched over `GET /crm/people` pages of 100 (see crm/pagedReader.ts). */
  people: PagedReader<ApiPerson>;
}

export interface OutsetaServiceOptions {
  apiKey: string;
  secretKey: string;
  baseUrl: string;
  /** Default: the service preset (4 requests per sliding 1.25 s, process-wide). */
  pacing?: PacingConfig;
  batchMs?: number;
  /** The overall deadline of one request (outseta:requestTimeoutSeconds). Default 120 s. */
  requestTimeoutSeconds?: number;
}

export function createOutsetaService(options: OutsetaServiceOptions): OutsetaService {
  const authorization = `Outseta ${options.apiKey}:${options.secretKey}`;
  const client = createServiceClient({
    service: "outseta",
    baseUrl: options.baseUrl,
    auth: () => ({ authorization }),
    secrets: [options.apiKey, options.secretKey],
    credentialsHint: `check ${settings.outsetaApiKey.key} / ${settings.outsetaApiKey.env} and ${settings.outsetaSecretKey.key} / ${settings.outsetaSecretKey.env}`,
    pacing: options.pacing,
    deadlineSeconds: options.requestTimeoutSeconds,
    deadlineSetting: settings.outsetaRequestTimeoutSeconds.key,
  });
  const api = new OutsetaApi(client, () => people.invalidate());
  const people = new PagedReader<ApiPerson>(
    { firstPage: () => api.listPeople(0), getOne: (uid) => api.getPerson(uid), keyOf: (p) => p.Uid ?? "", pageSize: PAGE_SIZE },
    { batchMs: options.batchMs },
  );
  return { api, people };
}

let service: OutsetaService | undefined;

/**
 * The Outseta service of this process, built on first use from the recorded config. One per
 * process: the 4 requests/s limit is per account.
 */
export function outsetaService(): OutsetaService {
  if (service) return service;
  const apiUrl = readSetting(settings.outsetaApiUrl);
  if (apiUrl === undefined) {
    // No default: every Outseta account has its own host.
    throw new ConfigError(
      `The Outseta API URL is missing (https://<your-domain>.outseta.com/api/v1): ${howToSet(settings.outsetaApiUrl)}.`,
      settings.outsetaApiUrl,
    );
  }
  const apiKey = requireSetting(settings.outsetaApiKey, "The Outseta API key");
  const secretKey = requireSetting(settings.outsetaSecretKey, "The Outseta secret key");
  service = createOutsetaService({
    apiKey,
    secretKey,
    baseUrl: validateBaseUrl(apiUrl, settings.outsetaApiUrl.key),
    requestTimeoutSeconds: readSeconds(settings.outsetaRequestTimeoutSeconds),
  });
  return service;
}

/** Test hook: forget the service (or replace it). */
export function resetOutsetaServiceForTests(replacement?: OutsetaService): void {
  service = replacement;
}
