/** People of the single development credential, in creation order. */
import { isPlainObject } from "../core/body";
import type { Store } from "../core/service";
import type { PersonRecord } from "./schema";

export class CrmStore implements Store {
  readonly people = new Map<string, PersonRecord>();

  snapshot(): { people: PersonRecord[] } {
    return { people: [...this.people.values()] };
  }

  /** Trusts the shape: the data file is written by `snapshot` only. */
  restore(snapshot: unknown): void {
    this.clear();
    if (!isPlainObject(snapshot)) return;
    for (const person of (snapshot.people ?? []) as PersonRecord[]) this.people.set(person.id, person);
  }

  clear(): void {
    this.people.clear();
  }
}
