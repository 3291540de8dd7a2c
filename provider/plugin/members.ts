/**
 * A service whose records are team members rather than CRM people: an e-mail (its identity,
 * compared without case), a name, an admin flag and access per application and environment.
 * The profile says how the CLI lists, checks and removes them (`adopt`, `drift --unmanaged`,
 * `sweep`), so the CLI names no such service.
 */
import type { Failures } from "../core/check";

/** A live member as the arguments of its resource kind that equal it. */
export interface LiveMember {
  /** Lower-case e-mail: the identity and the importId. */
  readonly email: string;
  /** The service's default name is the e-mail itself. */
  readonly name: string;
  readonly teamAdmin: boolean;
  /** Access per application id: `{ environments: { <env>: "read" | "write" } }`. */
  readonly applications: Readonly<Record<string, unknown>>;
}

export interface TeamMembers<S = unknown> {
  /** The resource kind that manages one member ("rollout:User"). */
  readonly kind: string;
  /** The class of that kind the package exports, and the type of its arguments. */
  readonly className: string;
  readonly argsTypeName: string;
  /** The request that lists the team, for messages ("GET /users"). */
  readonly listRequest: string;
  /** Every member of the team, in one request. */
  list(service: S): Promise<LiveMember[]>;
  /** The provider's own `check` of the kind's arguments (no request). */
  check(args: Record<string, unknown>): Failures;
  /** Removes a member; one already gone counts as removed. */
  remove(service: S, email: string): Promise<void>;
}
