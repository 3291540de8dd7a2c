/**
 * RogerRoger (RogerRoger's API documentation): its settings, HTTP policy, error shape, and the CrmPerson
 * and PersonNote backends. Listed in ../registry.ts.
 */
import { pairs, records, str } from "../http/errors";
import { connectCrm } from "../crm/connect";
import type { CrmProfile } from "../crm/profile";
import { personAdapter, personEndpoints } from "../crm/person/adapter";
import { howToSet, type Setting } from "../plugin/config";
import type { KeyLookup } from "../core/keyLookup";
import { changedNothing } from "../http/client";
import { PagedReader } from "../reads/pagedReader";
import { PAGE_SIZE, RogerRogerApi } from "./api";
import type { RogerRogerPersonArgs } from "./args";
import { checkRogerRogerNote, checkRogerRogerPerson } from "./check";
import { idOf, normalizeNativeFields, personFromApi, personPatch, personToApi } from "./mapping";
import { notesOfPerson, peopleByEmail } from "./lookup";
import { rogerrogerNotesApi } from "./notes";
import type { RogerRogerService } from "./service";
import type { ApiNote, ApiPerson } from "./types";
import { listing } from "./listing";
import { presentation } from "./presentation";
import { probe } from "./probe";

export const settings = {
  apiKey: { key: "rogerroger:apiKey", env: "ROGERROGER_API_KEY", secret: true },
  apiUrl: { key: "rogerroger:apiUrl", env: "ROGERROGER_API_URL", default: "https://api.rogerroger.io" },
  requestTimeoutSeconds: { key: "rogerroger:requestTimeoutSeconds", env: "ROGERROGER_REQUEST_TIMEOUT_SECONDS", default: "120" },
  maxApiShare: { key: "rogerroger:maxApiShare", env: "ROGERROGER_MAX_API_SHARE" },
} satisfies Record<string, Setting>;

// A write to a person's path; with `/notes` (and a note id), to its notes.
const PERSON_WRITE = /^\/people\/([^/?]+)(\/notes(?:\/([^/?]+))?)?/;

const isRecord = (body: unknown): boolean => typeof body === "object" && body !== null && !Array.isArray(body);

export const profile: CrmProfile<RogerRogerService, RogerRogerPersonArgs> = {
  name: "rogerroger",
  prose: "RogerRoger",
  settings,
  presentation,
  listing,
  probe,
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
  connect(kit) {
    const { config, batchMs, run } = kit;
    const apiKey = config.credential(settings.apiKey, "The RogerRoger API key");
    const baseUrl = config.url(settings.apiUrl, "The RogerRoger API URL");
    const noteReaders = new Map<string, PagedReader<ApiNote>>();
    const noteLookups = new Map<string, KeyLookup<ApiNote>>();
    const service = connectCrm(kit, {
      client: { baseUrl, auth: () => ({ "x-api-key": apiKey }), secrets: [apiKey] },
      api: (client) => new RogerRogerApi(client),
      pageSize: PAGE_SIZE,
      idOf,
      lookup: peopleByEmail,
      // Writes update the caches instead of discarding them (issue #14, item 1), each
      // person's notes too; a write whose outcome is unknown discards what it may have changed.
      writes: ({ people, peopleByEmail: byEmail }) => (req, outcome) => {
        const match = PERSON_WRITE.exec(req.path);
        const personId = match ? decodeURIComponent(match[1]) : undefined;
        const noteId = match?.[3] === undefined ? undefined : decodeURIComponent(match[3]);
        const status = outcome.ok ? outcome.status : (outcome.error as { status?: unknown })?.status;
        const done = outcome.ok || (req.method === "DELETE" && status === 404);
        if (done && match?.[2] === undefined) {
          // the people collection, or one person
          if (req.method === "DELETE" && personId !== undefined) {
            people.forget(personId);
            byEmail.deleted(personId);
            noteReaders.get(personId)?.invalidate();
            noteLookups.get(personId)?.invalidate();
          } else if (outcome.ok && isRecord(outcome.body)) {
            const person = outcome.body as ApiPerson;
            people.remember(person);
            byEmail.written(person);
            if (req.method === "POST") notesOf(idOf(person)).seed([]); // a new person has no notes
          } else {
            people.invalidate();
            byEmail.invalidate();
          }
        } else if (done && personId !== undefined) {
          // the person's notes, or one note
          if (req.method === "DELETE" && noteId !== undefined) {
            noteReaders.get(personId)?.forget(noteId);
            noteLookups.get(personId)?.deleted(noteId);
          } else if (outcome.ok && isRecord(outcome.body)) {
            noteReaders.get(personId)?.remember(outcome.body as ApiNote);
            noteLookups.get(personId)?.written(outcome.body as ApiNote);
          } else {
            noteReaders.get(personId)?.invalidate();
            noteLookups.get(personId)?.invalidate();
          }
        } else if (!changedNothing(outcome)) {
          people.invalidate();
          byEmail.invalidate();
          if (personId !== undefined) {
            noteReaders.get(personId)?.invalidate();
            noteLookups.get(personId)?.invalidate();
          }
        }
      },
    });
    const { api } = service;
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
    const notesOf = (personId: string): KeyLookup<ApiNote> => {
      let lookup = noteLookups.get(personId);
      if (!lookup) noteLookups.set(personId, (lookup = notesOfPerson(api, personId, { batchMs, run })));
      return lookup;
    };
    return { ...service, notes, notesOf };
  },

  person: {
    title: "RogerRoger",
    // Nothing in RogerRoger's API documentation makes an e-mail unique: people may share one.
    duplicateEmails: true,
    check: checkRogerRogerPerson,
    normalizeFields: normalizeNativeFields,
    // An importId may be given as the person's IRI.
    normalizeId: (id) => id.replace(/^\/people\//, ""),
    api: ({ api, people, peopleByEmail }) =>
      personAdapter(
        personEndpoints(api, people, peopleByEmail),
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
