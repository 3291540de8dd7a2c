/**
 * The records one update claimed: those its creates adopted, and those its existing
 * resources manage. One Claims belongs to one ProviderContext (plugin/context.ts); the
 * runtime makes one context per provider process, which is one update, and a context made
 * for a test, the CLI or the bench starts with none, so no claim leaks into another run.
 *
 * Adopted records (`markTaken`). Why: a resource renamed without `aliases` is, to Pulumi, a
 * new resource plus an old one. The new one adopts the record (`importId`), then the engine
 * deletes the old one at the end of the same `up`, which would delete the very record the
 * new resource now manages (issue #12: `GET 200`, `GET 200`, `DELETE 200`). The engine runs
 * every step of one update through one dynamic-provider process, so a delete can ask here
 * whether a create of this update took the same record, and then skip the request. Only
 * adoptions count: a plain create of a record that exists already is refused (naming
 * `aliases`), so it never takes one over. The dynamic-provider protocol gives a provider no
 * resource name or URN, so the messages name the record and the importId; the drift report
 * names both resources (`managed twice`).
 *
 * Managed records (`markManaged`): records that resources of the program already manage.
 * The engine diffs (or, on a refresh, reads) every resource the program still declares, in
 * the program's order, before it runs the creates that follow. A create that looks its
 * record up by a natural key (an e-mail) must never take one of these over: two resources
 * would then manage one record, and removing either would delete the other's. A record
 * managed by a resource the program declares *after* the create is not known yet (the limit
 * of this guard).
 */
export class Claims {
  private readonly taken = new Map<string, string>();
  private readonly managed = new Set<string>();

  /** Notes that a create took the record; returns how it had been taken before in this update, if it had. */
  markTaken(service: string, id: string, how: string): string | undefined {
    const key = claimKey(service, id);
    const before = this.taken.get(key);
    this.taken.set(key, how);
    return before;
  }

  /** How a create of this update took the record, or undefined. */
  takenInThisUpdate(service: string, id: string): string | undefined {
    return this.taken.get(claimKey(service, id));
  }

  /** Notes that an existing resource of the program manages the record. */
  markManaged(service: string, id: string): void {
    this.managed.add(claimKey(service, id));
  }

  /** True when an existing resource of the program manages the record (seen in its diff or read). */
  isManaged(service: string, id: string): boolean {
    return this.managed.has(claimKey(service, id));
  }
}

const claimKey = (service: string, id: string) => `${service}\u0000${id}`;

/** A warning in the update's output: the engine shows a provider's stderr lines. */
export function warn(message: string): void {
  process.stderr.write(`warning: ${message}\n`);
}

/** The sentence every skipped delete ends with. */
export const RENAME_HINT =
  "The old resource leaves the state and the record stays. To rename a resource, give the new name the `aliases` resource option " +
  "(aliases: [{ name: \"<old name>\" }]): Pulumi then moves the state and sends no request.";
