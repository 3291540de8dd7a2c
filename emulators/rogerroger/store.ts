/** People and their notes, in creation order. Deleting a person deletes its notes. */
import { isPlainObject } from "../core/body";
import type { Store } from "../core/service";
import type { NoteRecord, PersonRecord } from "./schema";

export class RogerRogerStore implements Store {
  readonly people = new Map<string, PersonRecord>();
  readonly notes = new Map<string, NoteRecord>();
  private seq = 0;

  nextSeq(): number {
    return ++this.seq;
  }

  notesOf(personId: string): NoteRecord[] {
    return [...this.notes.values()].filter((note) => note.personId === personId);
  }

  deletePerson(id: string): void {
    this.people.delete(id);
    for (const note of this.notesOf(id)) this.notes.delete(note.id);
  }

  snapshot(): { people: PersonRecord[]; notes: NoteRecord[] } {
    return { people: [...this.people.values()], notes: [...this.notes.values()] };
  }

  /** Trusts the shape: the data file is written by `snapshot` only. */
  restore(snapshot: unknown): void {
    this.clear();
    if (!isPlainObject(snapshot)) return;
    for (const person of (snapshot.people ?? []) as PersonRecord[]) this.people.set(person.id, person);
    for (const note of (snapshot.notes ?? []) as NoteRecord[]) {
      this.notes.set(note.id, note);
      this.seq = Math.max(this.seq, note.seq);
    }
  }

  clear(): void {
    this.people.clear();
    this.notes.clear();
    this.seq = 0;
  }
}
