/**
 * RogerRoger (api/rogerroger.md): its settings, HTTP policy, error shape, and the CrmPerson
 * and PersonNote backends. Listed in ../registry.ts.
 */
import { pairs, records, str } from "../http/errors";
import type { CrmProfile } from "../crm/profile";
import { personAdapter, personEndpoints } from "../crm/person/adapter";
import { howToSet, type Setting } from "../plugin/config";
import { PagedReader } from "../reads/pagedReader";
import { PAGE_SIZE, RogerRogerApi } from "./api";
import type { RogerRogerPersonArgs } from "./args";
import { checkRogerRogerNote, checkRogerRogerPerson } from "./check";
import { idOf, normalizeNativeFields, personFromApi, personPatch, personToApi } from "./mapping";
import { rogerrogerNotesApi } from "./notes";
import type { ApiNote, ApiPerson } from "./types";

export const settings = {
  apiKey: { key: "rogerroger:apiKey", env: "ROGERROGER_API_KEY", secret: true },
  apiUrl: { key: "rogerroger:apiUrl", env: "ROGERROGER_API_URL", default: "https://api.rogerroger.io" },
  requestTimeoutSeconds: { key: "rogerroger:requestTimeoutSeconds", env: "ROGERROGER_REQUEST_TIMEOUT_SECONDS", default: "120" },
  maxApiShare: { key: "rogerroger:maxApiShare", env: "ROGERROGER_MAX_API_SHARE" },
} satisfies Record<string, Setting>;

export interface RogerRogerService {
  api: RogerRogerApi;
  /** Reads of people, batched over `GET /people` pages (see reads/pagedReader.ts). */
  people: PagedReader<ApiPerson>;
  /** Reads of one person's notes, batched over `GET /people/{id}/notes` pages. */
  notes(personId: string): PagedReader<ApiNote>;
}

// A write to a person's path; with `/notes`, or a DELETE of the person, its notes change too.
const PERSON_WRITE = /^\/people\/([^/?]+)(\/notes)?/;

export const profile: CrmProfile<RogerRogerService, RogerRogerPersonArgs> = {
  name: "rogerroger",
  prose: "RogerRoger",
  settings,
  http: {
    // 20/min per tenant in a sliding window: paced at 18 per sliding 60 s.
    pacing: { kind: "window", limit: 18, windowMs: 60_000 },
    // The limit `maxApiShare` takes a share of (the pacing above is the default).
    documentedLimit: { requests: 20, perMs: 60_000 },
    retry: { rateLimitStatuses: [429] },
    // API Platform problem+json: violations first, then detail, description,
    // hydra:description, message (its authenticator's 401 shape), in that order.
    errorMessage: (b) =>
      pairs(records(b.violations), "propertyPath", "message") ??
      str(b.detail) ??
      str(b.description) ??
      str(b["hydra:description"]) ??
      str(b.message) ??
      str(b["hydra:title"]) ??
      str(b.title),
  },
  credentialsHint: howToSet(settings.apiKey),

  /**
   * One service per provider context; the 20 requests/min limit is per tenant, so every
   * person and note of the stack shares one pacer (process-wide, http/registry.ts).
   */
  connect({ config, client, batchMs }) {
    const apiKey = config.require(settings.apiKey, "The RogerRoger API key");
    const baseUrl = config.url(settings.apiUrl, "The RogerRoger API URL");
    const noteReaders = new Map<string, PagedReader<ApiNote>>();
    const api = new RogerRogerApi(
      client({
        baseUrl,
        auth: () => ({ "x-api-key": apiKey }),
        secrets: [apiKey],
        onWrite: ({ method, path }) => {
          people.invalidate();
          const person = PERSON_WRITE.exec(path);
          if (person && (person[2] !== undefined || method === "DELETE")) noteReaders.get(decodeURIComponent(person[1]))?.invalidate();
        },
      }),
    );
    const people = new PagedReader<ApiPerson>(
      { firstPage: () => api.listPeople(1), getOne: (id) => api.getPerson(id), keyOf: idOf, pageSize: PAGE_SIZE },
      { batchMs },
    );
    const notes = (personId: string): PagedReader<ApiNote> => {
      let reader = noteReaders.get(personId);
      if (!reader) {
        reader = new PagedReader<ApiNote>(
          { firstPage: () => api.listNotes(personId, 1), getOne: (id) => api.getNote(personId, id), keyOf: idOf, pageSize: PAGE_SIZE },
          { batchMs },
        );
        noteReaders.set(personId, reader);
      }
      return reader;
    };
    return { api, people, notes };
  },

  person: {
    title: "RogerRoger",
    check: checkRogerRogerPerson,
    normalizeFields: normalizeNativeFields,
    // An importId may be given as the person's IRI.
    normalizeId: (id) => id.replace(/^\/people\//, ""),
    api: ({ api, people }) =>
      personAdapter(
        personEndpoints(api, people),
        { fromApi: personFromApi, createBody: personToApi, updateBody: personPatch },
      ),
  },

  notes: {
    check: checkRogerRogerNote,
    normalizePersonId: (id) => id.replace(/^\/people\//, ""),
    // A note IRI /people/{personId}/notes/{id} names the note too.
    normalizeId: (id) => id.replace(/^.*\/notes\//, ""),
    api: rogerrogerNotesApi,
  },
};
