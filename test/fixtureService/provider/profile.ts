/**
 * The fixture CRM: a small test-only REST CRM (bearer token, cursor paging, an e-mail
 * filter, 409 on a duplicate e-mail, 10 requests/s), added exactly as CONTRIBUTING.md
 * "Adding a service" says, so the contract suite proves the guide on every run. Never
 * shipped: it lives under test/ and is listed in the test registry (../registry.ts).
 */
import { connectCrm, type CrmService } from "../../../provider/crm/connect";
import { personAdapter, personEndpoints } from "../../../provider/crm/person/adapter";
import type { CrmProfile } from "../../../provider/crm/profile";
import { str } from "../../../provider/http/errors";
import type { Setting } from "../../../provider/plugin/config";
import { FixtureApi, PAGE_SIZE } from "./api";
import type { FixtureCrmPersonArgs } from "./args";
import { checkFixturePerson } from "./check";
import { peopleByEmail } from "./lookup";
import { createBody, personFromApi, updateBody } from "./mapping";
import { listing } from "./listing";
import { presentation } from "./presentation";
import { probe } from "./probe";
import type { ApiContact } from "./types";

export const settings = {
  token: { key: "fixtureCrm:token", env: "FIXTURE_CRM_TOKEN", secret: true },
  // No default: the fixture runs only on its emulator, at a port of the moment.
  apiUrl: { key: "fixtureCrm:apiUrl", env: "FIXTURE_CRM_API_URL", example: "http://127.0.0.1:<port>/v1" },
  requestTimeoutSeconds: { key: "fixtureCrm:requestTimeoutSeconds", env: "FIXTURE_CRM_REQUEST_TIMEOUT_SECONDS", default: "120" },
  maxApiShare: { key: "fixtureCrm:maxApiShare", env: "FIXTURE_CRM_MAX_API_SHARE" },
} satisfies Record<string, Setting>;

export type FixtureService = CrmService<FixtureApi, ApiContact>;

export const profile: CrmProfile<FixtureService, FixtureCrmPersonArgs> = {
  name: "fixtureCrm",
  prose: "the fixture CRM",
  settings,
  presentation,
  listing,
  probe,
  http: {
    // 10/s per token: paced at 8 per sliding second.
    pacing: { kind: "window", limit: 8, windowMs: 1000 },
    documentedLimit: { requests: 10, perMs: 1000 },
    retry: { rateLimitStatuses: [429] },
    // {"message": "...", "code": "..."}
    errorMessage: (b) => str(b.message),
  },
  credentialsHint: `check ${settings.token.key} / ${settings.token.env}`,

  connect(kit) {
    const baseUrl = kit.config.url(settings.apiUrl, "The fixture CRM API URL");
    const token = kit.config.credential(settings.token, "The fixture CRM token");
    return connectCrm(kit, {
      client: { baseUrl, baseUrlSetting: settings.apiUrl.key, auth: () => ({ authorization: `Bearer ${token}` }), secrets: [token] },
      api: (client) => new FixtureApi(client),
      pageSize: PAGE_SIZE,
      idOf: (c: ApiContact) => c.id ?? "",
      lookup: peopleByEmail,
      writes: /^\/contacts\/([^/?]+)/,
    });
  },

  person: {
    title: "the fixture CRM",
    // E-mails are unique in an account: a second contact with one is refused with 409.
    duplicateEmails: false,
    check: checkFixturePerson,
    normalizeFields: (fields) => fields,
    normalizeId: (id) => id,
    api: ({ api, people, peopleByEmail }) => personAdapter(personEndpoints(api, people, peopleByEmail), { fromApi: personFromApi, createBody, updateBody }),
  },
};
