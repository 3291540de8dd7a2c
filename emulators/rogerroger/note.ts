/**
 * The RogerRoger person note (seed 001, api/rogerroger.md "Object schema: Note"). No field
 * is required (open question 6). `personId`, `id` and `createdAt` appear in the seed's write
 * bodies but the path names the person and the server sets the rest, so they are ignored.
 */
import { formatAtom, type Fields } from "./fields";

export const NOTE_FIELDS: Fields = [
  ["title", "string"],
  ["description", "string"],
  ["flagged", "boolean"],
  ["isPrivate", "boolean"],
  ["author", { iri: "/users/" }],
  ["category", { iri: "/note_categories/" }],
];

export interface NoteRecord {
  id: string;
  personId: string;
  createdAt: number;
  /** Creation sequence number: orders notes created within the same millisecond. */
  seq: number;
  fields: Record<string, unknown>;
}

/** The JSON-LD document of a note, keys in the order of the seed's response sample. */
export function noteView(note: NoteRecord): Record<string, unknown> {
  const f = note.fields;
  return {
    "@context": "/contexts/PersonNote",
    "@id": `/people/${note.personId}/notes/${note.id}`,
    "@type": "PersonNote",
    id: note.id,
    createdAt: formatAtom(note.createdAt),
    description: f.description,
    title: f.title,
    flagged: f.flagged,
    isPrivate: f.isPrivate,
    author: f.author,
    category: f.category,
  };
}

/**
 * "Ordered by flag and creation date" (seed 001): flagged notes first, then newest first
 * (the order a CRM timeline shows; the direction is not documented).
 */
export function noteOrder(a: NoteRecord, b: NoteRecord): number {
  const flag = Number(b.fields.flagged === true) - Number(a.fields.flagged === true);
  return flag !== 0 ? flag : b.createdAt - a.createdAt || b.seq - a.seq;
}
