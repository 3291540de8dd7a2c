/**
 * Outseta's records: people (with their mailing address row), accounts, and the
 * PersonAccount rows linking them. E-mail addresses are unique across the whole Outseta
 * account (= this emulator), compared case-insensitively.
 */
import { randomInt } from "node:crypto";
import { isPlainObject } from "../core/body";
import type { Store } from "../core/service";

export interface Row {
  Uid: string;
  Created: number;
  Updated: number;
  /** Writable properties, by their API names. */
  props: Record<string, unknown>;
}

export interface PersonRow extends Row {
  address: Row | null;
}

export interface LinkRow {
  Uid: string;
  personUid: string;
  accountUid: string;
  IsPrimary: boolean;
  Created: number;
  Updated: number;
}

const UID_CHARS = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

export class OutsetaStore implements Store {
  readonly people = new Map<string, PersonRow>();
  readonly accounts = new Map<string, Row>();
  readonly links = new Map<string, LinkRow>();

  /** A fresh 8-character Uid, like `DQ2DyknW` (62^8 values: a clash is not worth a check). */
  newUid(): string {
    return Array.from({ length: 8 }, () => UID_CHARS[randomInt(UID_CHARS.length)]).join("");
  }

  personByEmail(email: string): PersonRow | undefined {
    const wanted = email.toLowerCase();
    return [...this.people.values()].find((p) => String(p.props.Email).toLowerCase() === wanted);
  }

  linksOfPerson(uid: string): LinkRow[] {
    return [...this.links.values()].filter((l) => l.personUid === uid);
  }

  linksOfAccount(uid: string): LinkRow[] {
    return [...this.links.values()].filter((l) => l.accountUid === uid);
  }

  deletePerson(uid: string): void {
    this.people.delete(uid);
    for (const link of this.linksOfPerson(uid)) this.links.delete(link.Uid);
  }

  deleteAccount(uid: string): void {
    this.accounts.delete(uid);
    for (const link of this.linksOfAccount(uid)) this.links.delete(link.Uid);
  }

  snapshot(): { people: PersonRow[]; accounts: Row[]; personAccounts: LinkRow[] } {
    return { people: [...this.people.values()], accounts: [...this.accounts.values()], personAccounts: [...this.links.values()] };
  }

  /** Trusts the shape: the data file is written by `snapshot` only. */
  restore(snapshot: unknown): void {
    this.clear();
    if (!isPlainObject(snapshot)) return;
    for (const p of (snapshot.people ?? []) as PersonRow[]) this.people.set(p.Uid, p);
    for (const a of (snapshot.accounts ?? []) as Row[]) this.accounts.set(a.Uid, a);
    for (const l of (snapshot.personAccounts ?? []) as LinkRow[]) this.links.set(l.Uid, l);
  }

  clear(): void {
    this.people.clear();
    this.accounts.clear();
    this.links.clear();
  }
}
