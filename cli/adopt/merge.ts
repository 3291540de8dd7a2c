/**
 * A re-run of `adopt --out FILE --force` over a module it wrote before: the entries of that
 * module stay (names and values as written: the code owns them now, whatever the service
 * holds), and the records found since are added. Nothing the file declared is ever dropped.
 */
import type { Declared } from "./existing";
import { isMembers, type AdoptedNote, type AdoptedPerson, type Adoption } from "./model";

/** What the read must treat as already in code: the declared records' identities and note ids. */
export function declaredIds(declared: Declared): { records: Set<string>; notes: Set<string> } {
  if ("members" in declared) return { records: new Set(declared.members.map((m) => m.email.toLowerCase())), notes: new Set() };
  const notes = [...declared.people.flatMap((p) => p.notes), ...declared.notesOnManagedPeople].map((n) => n.id);
  return { records: new Set(declared.people.map((p) => p.id)), notes: new Set(notes) };
}

/** The declared entries first, then what is new; a new note on a declared person goes under that person. */
export function mergeDeclared(adoption: Adoption, declared: Declared): Adoption {
  const ids = declaredIds(declared);
  if (isMembers(adoption) && "members" in declared) {
    return { service: adoption.service, members: [...declared.members, ...adoption.members.filter((m) => !ids.records.has(m.email.toLowerCase()))] };
  }
  if (isMembers(adoption) || "members" in declared) throw new Error("adopt: the module and the run are of different services");
  const people: AdoptedPerson[] = declared.people.map((p) => ({ ...p, notes: [...p.notes] }));
  const byId = new Map(people.map((p) => [p.id, p]));
  const notesOnManagedPeople: AdoptedNote[] = [...declared.notesOnManagedPeople];
  for (const note of adoption.notesOnManagedPeople) {
    if (ids.notes.has(note.id)) continue;
    const person = byId.get(note.personId);
    if (person) person.notes.push(note);
    else notesOnManagedPeople.push(note);
  }
  const fresh = adoption.people.filter((p) => !byId.has(p.id)).map((p) => ({ ...p, notes: p.notes.filter((n) => !ids.notes.has(n.id)) }));
  return { service: adoption.service, people: [...people, ...fresh], notesOnManagedPeople };
}

/** A set that remembers which of its `watched` members were asked about. */
class WatchedSet extends Set<string> {
  readonly seen = new Set<string>();
  constructor(
    items: Iterable<string>,
    private readonly watched: ReadonlySet<string>,
  ) {
    super(items);
  }
  override has(value: string): boolean {
    if (this.watched.has(value)) this.seen.add(value);
    return super.has(value);
  }
}

/**
 * The ids a read must skip: the state's and the module's. `keptLive()` counts the module's
 * records the read met: they are kept, not skipped, so the summary's "skipped: already in
 * the state" counts only records declared elsewhere in the program.
 */
export function managedWith(state: { records: Set<string>; notes: Set<string> }, declared: Declared | undefined) {
  const ids = declared ? declaredIds(declared) : { records: new Set<string>(), notes: new Set<string>() };
  const records = new WatchedSet([...state.records, ...ids.records], ids.records);
  const notes = new WatchedSet([...state.notes, ...ids.notes], ids.notes);
  return { records, notes, keptLive: () => records.seen.size + notes.seen.size };
}
