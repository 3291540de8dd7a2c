import { howToSet, readSeconds, readSetting, requireSetting, settings } from "../config";
import { PagedReader } from "../crm/pagedReader";
import { createServiceClient } from "../http/client";
import type { PacingConfig } from "../http/pacing";
import { validateBaseUrl } from "../http/url";
import { PAGE_SIZE, RogerRogerApi } from "./api";
import { idOf } from "./mapping";
import type { ApiNote, ApiPerson } from "./types";

export interface RogerRogerService {
  api: RogerRogerApi;
  /** Reads of people, batched over `GET /people` pages (see crm/pagedReader.ts). */
  people: PagedReader<ApiPerson>;
  /** Reads of one person's notes, batched over `GET /people/{id}/notes` pages. */
  notes(personId: string): PagedReader<ApiNote>;
}

export interface RogerRogerServiceOptions {
  apiKey: string;
  baseUrl: string;
  /** Default: the service preset (18 requests per sliding minute, process-wide). */
  pacing?: PacingConfig;
  /** The overall deadline of one request (rogerroger:requestTimeoutSeconds). Default 120 s. */
  requestTimeoutSeconds?: number;
  /** Read batching window (default 50 ms). */
  batchMs?: number;
}

/** Builds a RogerRoger service from explicit options (tests; the config path is below). */
export function createRogerRogerService(options: RogerRogerServiceOptions): RogerRogerService {
  const client = createServiceClient({
    service: "rogerroger",
    baseUrl: options.baseUrl,
    auth: () => ({ "x-api-key": options.apiKey }),
    secrets: [options.apiKey],
    credentialsHint: howToSet(settings.rogerrogerApiKey),
    pacing: options.pacing,
    deadlineSeconds: options.requestTimeoutSeconds,
    deadlineSetting: settings.rogerrogerRequestTimeoutSeconds.key,
  });
  const noteReaders = new Map<string, PagedReader<ApiNote>>();
  const api = new RogerRogerApi(client, (personId, notes) => {
    people.invalidate();
    if (notes && personId !== undefined) noteReaders.get(personId)?.invalidate();
  });
  const people = new PagedReader<ApiPerson>(
    { firstPage: () => api.listPeople(1), getOne: (id) => api.getPerson(id), keyOf: idOf, pageSize: PAGE_SIZE },
    { batchMs: options.batchMs },
  );
  const notes = (personId: string): PagedReader<ApiNote> => {
    let reader = noteReaders.get(personId);
    if (!reader) {
      reader = new PagedReader<ApiNote>(
        { firstPage: () => api.listNotes(personId, 1), getOne: (id) => api.getNote(personId, id), keyOf: idOf, pageSize: PAGE_SIZE },
        { batchMs: options.batchMs },
      );
      noteReaders.set(personId, reader);
    }
    return reader;
  };
  return { api, people, notes };
}

let service: RogerRogerService | undefined;

/**
 * The RogerRoger service of this process, built on first use from the recorded config.
 * One per process: the 20 requests/min limit is per tenant, so every person and note of the
 * stack shares one pacer (the HTTP registry shares it even across copies of this module).
 */
export function rogerrogerService(): RogerRogerService {
  if (service) return service;
  const apiKey = requireSetting(settings.rogerrogerApiKey, "The RogerRoger API key");
  const baseUrl = validateBaseUrl(readSetting(settings.rogerrogerApiUrl)!, settings.rogerrogerApiUrl.key);
  service = createRogerRogerService({ apiKey, baseUrl, requestTimeoutSeconds: readSeconds(settings.rogerrogerRequestTimeoutSeconds) });
  return service;
}

/** Test hook: forget the service so the next use rebuilds it from config (or use `service` as it is). */
export function resetRogerRogerServiceForTests(replacement?: RogerRogerService): void {
  service = replacement;
}
