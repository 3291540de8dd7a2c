/**
 * The ready RogerRoger service, as profile.ts builds it and notes.ts uses it: its own
 * module, so the profile (which lists the notes API) and the notes API (which uses the
 * service) do not import each other.
 */
import type { KeyLookup } from "../core/keyLookup";
import type { CrmService } from "../crm/connect";
import type { PagedReader } from "../reads/pagedReader";
import type { RogerRogerApi } from "./api";
import type { ApiNote, ApiPerson } from "./types";

/** A REST CRM's service (crm/connect.ts), and the caches of each person's notes. */
export interface RogerRogerService extends CrmService<RogerRogerApi, ApiPerson> {
  /** Reads of one person's notes, batched over `GET /people/{id}/notes` pages. */
  notes(personId: string): PagedReader<ApiNote>;
  /** Existence checks of note creates: the notes of one person. */
  notesOf(personId: string): KeyLookup<ApiNote>;
}
