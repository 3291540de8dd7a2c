/**
 * Outseta (api/outseta.md): its settings, HTTP policy, error shape, and the CrmPerson
 * backend. Listed in ../registry.ts.
 */
import { personAdapter, personEndpoints } from "../crm/person/adapter";
import type { CrmProfile } from "../crm/profile";
import { pairs, records, sentence, str } from "../http/errors";
import type { Setting } from "../plugin/config";
import { PagedReader } from "../reads/pagedReader";
import { OutsetaApi, PAGE_SIZE } from "./api";
import type { OutsetaPersonArgs } from "./args";
import { checkOutsetaPerson } from "./check";
import { createBody, personFromApi, updateBody } from "./mapping";
import type { ApiPerson } from "./types";

export const settings = {
  apiKey: { key: "outseta:apiKey", env: "OUTSETA_API_KEY", secret: true },
  secretKey: { key: "outseta:secretKey", env: "OUTSETA_SECRET_KEY", secret: true },
  // No default: every Outseta account has its own host.
  apiUrl: { key: "outseta:apiUrl", env: "OUTSETA_API_URL", example: "https://<your-domain>.outseta.com/api/v1" },
  requestTimeoutSeconds: { key: "outseta:requestTimeoutSeconds", env: "OUTSETA_REQUEST_TIMEOUT_SECONDS", default: "120" },
  maxApiShare: { key: "outseta:maxApiShare", env: "OUTSETA_MAX_API_SHARE" },
} satisfies Record<string, Setting>;

export interface OutsetaService {
  api: OutsetaApi;
  /** Reads of people, batched over `GET /crm/people` pages of 100 (see reads/pagedReader.ts). */
  people: PagedReader<ApiPerson>;
}

export const profile: CrmProfile<OutsetaService, OutsetaPersonArgs> = {
  name: "outseta",
  prose: "Outseta",
  settings,
  http: {
    // 4/s with API-key auth: paced at 4 per sliding 1250 ms (3.2/s).
    pacing: { kind: "window", limit: 4, windowMs: 1250 },
    // The limit `maxApiShare` takes a share of (the pacing above is the default).
    documentedLimit: { requests: 4, perMs: 1000 },
    retry: { rateLimitStatuses: [429] },
    // ASP.NET: ErrorMessage plus EntityValidationErrors[].ValidationErrors[], or the flat
    // {"ErrorMessage": "...", "PropertyName": "Email"} of its OpenAPI spec (api/outseta.md,
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
  connect({ config, client, batchMs }) {
    const baseUrl = config.url(settings.apiUrl, "The Outseta API URL");
    const apiKey = config.require(settings.apiKey, "The Outseta API key");
    const secretKey = config.require(settings.secretKey, "The Outseta secret key");
    const authorization = `Outseta ${apiKey}:${secretKey}`;
    const api = new OutsetaApi(
      client({ baseUrl, auth: () => ({ authorization }), secrets: [apiKey, secretKey], onWrite: () => people.invalidate() }),
    );
    const people = new PagedReader<ApiPerson>(
      { firstPage: () => api.listPeople(0), getOne: (uid) => api.getPerson(uid), keyOf: (p) => p.Uid ?? "", pageSize: PAGE_SIZE },
      { batchMs },
    );
    return { api, people };
  },

  person: {
    title: "Outseta",
    check: checkOutsetaPerson,
    normalizeFields: (fields) => fields,
    normalizeId: (id) => id,
    api: ({ api, people }) =>
      personAdapter(
        {
          ...personEndpoints(api, people),
          // E-mails are unique in an Outseta account.
          findByNaturalKey: (after) => {
            const email = after.emails?.[0];
            if (email === undefined) throw new Error("outseta: a person needs an e-mail"); // check() prevents this
            return api.findByEmail(email);
          },
        },
        {
          fromApi: personFromApi,
          createBody,
          updateBody,
          duplicate: (after, existing) =>
            `outseta: a person with e-mail ${after.emails?.[0]} already exists (Uid ${existing.id}). ` +
            `To manage this person with Pulumi, adopt it: set importId: "${existing.id}" on the CrmPerson.`,
        },
      ),
  },
};
