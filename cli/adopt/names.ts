/**
 * Resource names for adopted records: readable (from the e-mail or the name), stable (the
 * same record gets the same name on every run) and collision-safe (unique among the new
 * names and the names the stack's state already uses for that resource type).
 *
 * Why a collision takes the record's id rather than a counter: a counter depends on which
 * other records happen to be adopted in the same run, so a name would change between runs;
 * the id never does. Names are also valid Pulumi resource names: lower-case letters,
 * digits and `-`, never the `::` that separates the parts of a URN.
 */
import type { CrmName } from "../../provider/services";
import { crmPresentation } from "../services";

const MAX_LENGTH = 60;

/** `Ada.Lovelace+ops` → `ada-lovelace-ops`; empty when nothing usable is left. */
export function slug(text: string): string {
  return text
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "") // accents: é → e
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, MAX_LENGTH)
    .replace(/-+$/, "");
}

/** The readable part of a name: the e-mail's local part, else the given words, else `fallback`. */
export function baseName(email: string | undefined, words: ReadonlyArray<string | undefined>, fallback: string): string {
  const fromEmail = email ? slug(email.slice(0, email.includes("@") ? email.lastIndexOf("@") : undefined)) : "";
  if (fromEmail) return fromEmail;
  const fromWords = slug(words.filter((w) => w !== undefined && w.trim() !== "").join(" "));
  return fromWords || fallback;
}

export interface NameRequest {
  /** The record's id in its service: unique, and the last tie-breaker. */
  id: string;
  base: string;
  /** Tried before the id when the base is shared: the e-mail's domain (`tess@acme.example` → `acme-example`). */
  qualifier?: string;
}

/**
 * One name per request, in the same order. A base used by one request and by nothing in
 * `taken` is the name as it is. Otherwise the requests sharing it get `<base>-<qualifier>`
 * when that is unique too, else `<base>-<id>` (and a number in the very unlikely case that
 * this is taken as well). Each name depends only on the records that share its base.
 */
export function assignNames(requests: readonly NameRequest[], taken: ReadonlySet<string>): string[] {
  const count = (names: string[]) => names.reduce((m, n) => m.set(n, (m.get(n) ?? 0) + 1), new Map<string, number>());
  const bases = count(requests.map((r) => r.base));
  const qualified = requests.map((r) => (r.qualifier ? `${r.base}-${r.qualifier}` : undefined));
  const qualifiedUses = count(qualified.filter((q): q is string => q !== undefined));
  const candidates = requests.map((r, i) => {
    if (bases.get(r.base) === 1 && !taken.has(r.base)) return r.base;
    const q = qualified[i];
    if (q !== undefined && qualifiedUses.get(q) === 1 && !taken.has(q) && !bases.has(q)) return q;
    return undefined;
  });
  const used = new Set([...taken, ...candidates.filter((c): c is string => c !== undefined)]);
  return requests.map((r, i) => {
    const chosen = candidates[i];
    if (chosen !== undefined) return chosen;
    const stem = `${r.base}-${slug(r.id) || "x"}`;
    let name = stem;
    for (let n = 2; used.has(name); n++) name = `${stem}-${n}`;
    used.add(name);
    return name;
  });
}

const domainOf = (email: string | undefined): string | undefined => (email?.includes("@") ? slug(email.slice(email.lastIndexOf("@") + 1)) || undefined : undefined);

/** Resource names the stack's state already uses, per resource type. */
export interface TakenNames {
  user: ReadonlySet<string>;
  person: ReadonlySet<string>;
  note: ReadonlySet<string>;
}

/** Names for members: the e-mail's local part (`ada@…` → `ada`), as the README's examples do. */
export function memberNames(emails: readonly string[], taken: ReadonlySet<string>): string[] {
  return assignNames(
    emails.map((email) => ({ id: email, base: baseName(email, [], "member"), qualifier: domainOf(email) })),
    taken,
  );
}

/**
 * Names for people: `<prefix>-<e-mail local part>`, else `<prefix>-<given>-<family>`, where
 * the prefix is the CRM's (its profile's `resourcePrefix`), so people of two CRMs in one
 * stack never clash.
 */
export function personNames(
  crm: CrmName,
  people: ReadonlyArray<{ id: string; email?: string; givenName?: string; familyName?: string }>,
  taken: ReadonlySet<string>,
): string[] {
  return assignNames(
    people.map((p) => ({ id: p.id, base: `${crmPresentation(crm).resourcePrefix}-${baseName(p.email, [p.givenName, p.familyName], "person")}`, qualifier: domainOf(p.email) })),
    taken,
  );
}

/** Names for notes: `<person's resource name>-<title>`. */
export function noteNames(notes: ReadonlyArray<{ id: string; person: string; title?: string }>, taken: ReadonlySet<string>): string[] {
  return assignNames(
    notes.map((n) => ({ id: n.id, base: `${n.person}-${baseName(undefined, [n.title], "note")}`.slice(0, 80) })),
    taken,
  );
}
