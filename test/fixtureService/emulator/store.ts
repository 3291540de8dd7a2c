/** The contacts of the one development account, in creation order. */
import { isPlainObject } from "../../../emulators/core/body";
import type { Store } from "../../../emulators/core/service";
import type { ContactRecord } from "./schema";

export class FixtureStore implements Store {
  readonly contacts = new Map<string, ContactRecord>();

  snapshot(): { contacts: ContactRecord[] } {
    return { contacts: [...this.contacts.values()] };
  }

  /** Trusts the shape: the data file is written by `snapshot` only. */
  restore(snapshot: unknown): void {
    this.clear();
    if (!isPlainObject(snapshot)) return;
    for (const contact of (snapshot.contacts ?? []) as ContactRecord[]) this.contacts.set(contact.id, contact);
  }

  clear(): void {
    this.contacts.clear();
  }
}
