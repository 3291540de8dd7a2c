/**
 * Outseta (Outseta's API documentation): its settings, HTTP policy, error shape, and the CrmPerson
 * backend. Listed in ../registry.ts.
 */
import { connectCrm, type CrmService } from "../crm/connect";
import { personAdapter, personEndpoints } from "../crm/person/adapter";
import type { CrmProfile } from "../crm/profile";
import { pairs, records, sentence, str } from "../http/errors";
import type { Setting } from "../plugin/config";
import { OutsetaApi, PAGE_SIZE } from "./api";
import type { OutsetaPersonArgs } from "./args";
import { checkOutsetaPerson } from "./check";
import { peopleByEmail } from "./lookup";
import { createBody, personFromApi, updateBody } from "./mapping";
import type { ApiPerson } from "./types";
import { listing } from "./listing";
import { presentation } from "./presentation";
import { probe } from "./probe";

export const settings = {
  apiKey: { key: "outseta:apiKey", env: "OUTSETA_API_KEY", secret: true },
  secretKey: { key: "outseta:secretKey", env: "OUTSETA_SECRET_KEY", secret: true },
  // No default: every Outseta account has its own host.
  apiUrl: { key: "outseta:apiUrl", env: "OUTSETA_API_URL", example: "https://<your-domain>.outseta.com/api/v1" },
  requestTimeoutSeconds: { key: "outseta:requestTimeoutSeconds", env: "OUTSETA_REQUEST_TIMEOUT_SECONDS", default: "120" },
  maxApiShare: { key: "outseta:maxApiShare", env: "OUTSETA_MAX_API_SHARE" },
} satisfies Record<string, Setting>;

/** Its people read over `GET /crm/people` pages of 100 (crm/connect.ts). */
export type OutsetaService = CrmService<OutsetaApi, ApiPerson>;

export const profile: CrmProfile<OutsetaService, OutsetaPersonArgs> = {
  name: "outseta",
  prose: "Outseta",
  settings,
  presentation,
  listing,
  probe,
  http: {
    // 4/s with API-key auth: paced at 4 per sliding 1250 ms (3.2/s).
    pacing: { kind: "window", limit: 4, windowMs: 1250 },
    // The limit `maxApiShare` takes a share of (the pacing above is the default).
    documentedLimit: { requests: 4, perMs: 1000 },
    retry: { rateLimitStatuses: [429] },
    // ASP.NET: ErrorMessage plus EntityValidationErrors[].ValidationErrors[], or the flat
    // {"ErrorMessage": "...", "PropertyName": "Email"} of its OpenAPI spec (Outseta's API documentation,
    // "Evidence from vendors' code"), or the Web API default {"Message": "..."}. The
    // boilerplate pointer to EntityValidationErrors is replaced by the errors themselves.
    errorMessage: (b) => {
      const flat = str(b.PropertyName) !== undefined && str(b.ErrorMessage) !== undefined ? pairs([b], "PropertyName", "ErrorMessage") : undefined;
      if (flat && records(b.EntityValidationErrors).length === 0) return sentence(flat);
      const details = pairs(
        records(b.EntityValidationErrors).flatMap((e) => records(e.ValidationErrors)),
        "PropertyName",
        "ErrorMessage",
      );
      const base = str(b.ErrorMessage)
        ?.replace(/\s*See '?EntityValidationErrors'? property for more details\.?/i, "")
        .replace(/\.$/, "");
      if (base && details) return `${base}: ${details}`;
      return details ?? (base ? sentence(base) : undefined) ?? str(b.Message) ?? str(b.message);
    },
  },
  credentialsHint: `check ${settings.apiKey.key} / ${settings.apiKey.env} and ${settings.secretKey.key} / ${settings.secretKey.env}`,

  /** One service per provider context; the 4 requests/s limit is per account, paced process-wide. */
  connect(kit) {
    const baseUrl = kit.config.url(settings.apiUrl, "The Outseta API URL");
    const apiKey = kit.config.credential(settings.apiKey, "The Outseta API key");
    const secretKey = kit.config.credential(settings.secretKey, "The Outseta secret key");
    const authorization = `Outseta ${apiKey}:${secretKey}`;
    return connectCrm(kit, {
      client: { baseUrl, auth: () => ({ authorization }), secrets: [apiKey, secretKey] },
      api: (client) => new OutsetaApi(client),
      pageSize: PAGE_SIZE,
      idOf: (p: ApiPerson) => p.Uid ?? "",
      lookup: peopleByEmail,
      writes: /^\/crm\/people\/([^/?]+)/,
    });
  },

  person: {
    title: "Outseta",
    // E-mails are unique in an Outseta account (Outseta's API documentation): a second person is refused with 400.
    duplicateEmails: false,
    check: checkOutsetaPerson,
    normalizeFields: (fields) => fields,
    normalizeId: (id) => id,
    // E-mails are unique in an Outseta account: creates are checked against them (byEmail).
    api: ({ api, people, peopleByEmail }) => personAdapter(personEndpoints(api, people, peopleByEmail), { fromApi: personFromApi, createBody, updateBody }),
  },
};
