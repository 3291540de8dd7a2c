/**
 * Injected faults (`PUT /_emulator/faults`), so clients can be tested against the failures
 * the real services have: error statuses, lost connections, lost responses, slowness.
 *
 * - `rate` (0..1): share of matching requests that fail. Defaults to 1 when `statuses` or
 *   `dropConnection` is given, else 0 (a body with only `latencyMs` just slows requests).
 * - `statuses`: the statuses to answer, one picked at random per fault, each with the
 *   service's own error body. Ignored when `dropConnection` is true.
 * - `dropConnection`: destroy the TCP connection instead of answering (the request log
 *   records status 0).
 * - `when`: `"before"` (default) = the request has no effect; `"after"` = the request takes
 *   effect, then its answer is replaced by the fault (a lost response when dropping).
 * - `latencyMs`: delay before handling every matching request, faulted or not.
 * - `methods`: only requests with these methods are affected (default: all).
 * - `count` (an addition of ours): inject at most this many faults, then stop; with
 *   `rate: 1` it makes "exactly the next POST fails" deterministic.
 * `{}` turns everything off.
 */
import { hasOwn, isPlainObject } from "./body";

export interface FaultConfig {
  readonly rate: number;
  readonly statuses: readonly number[];
  readonly dropConnection: boolean;
  readonly when: "before" | "after";
  readonly latencyMs: number;
  readonly methods?: readonly string[];
  readonly count?: number;
}

export type FaultDecision =
  | { readonly kind: "none" }
  | { readonly kind: "status"; readonly when: "before" | "after"; readonly status: number }
  | { readonly kind: "drop"; readonly when: "before" | "after" };

export const noFaults: FaultConfig = { rate: 0, statuses: [], dropConnection: false, when: "before", latencyMs: 0 };

const KEYS = ["rate", "statuses", "dropConnection", "when", "latencyMs", "methods", "count"];

/** Validates an admin request body; answers the config or a message for a 400. */
export function parseFaultConfig(input: unknown): FaultConfig | string {
  if (!isPlainObject(input)) return "faults must be a JSON object";
  const unknown = Object.keys(input).filter((key) => !KEYS.includes(key));
  if (unknown.length > 0) return `unknown fault setting(s): ${unknown.join(", ")}; known: ${KEYS.join(", ")}`;
  const { statuses = [], dropConnection = false, when = "before", latencyMs = 0, methods, count } = input;
  if (!Array.isArray(statuses) || !statuses.every((s) => Number.isInteger(s) && s >= 400 && s <= 599)) {
    return "statuses must be an array of integers between 400 and 599";
  }
  if (typeof dropConnection !== "boolean") return "dropConnection must be a boolean";
  const failing = statuses.length > 0 || dropConnection;
  const rate = hasOwn(input, "rate") ? input.rate : failing ? 1 : 0;
  if (typeof rate !== "number" || !(rate >= 0 && rate <= 1)) return "rate must be a number from 0 to 1";
  if (rate > 0 && !failing) return "a rate above 0 needs statuses or dropConnection: true";
  if (when !== "before" && when !== "after") return 'when must be "before" or "after"';
  if (typeof latencyMs !== "number" || !(latencyMs >= 0)) return "latencyMs must be a number >= 0";
  if (methods !== undefined && !(Array.isArray(methods) && methods.every((m) => typeof m === "string"))) {
    return "methods must be an array of HTTP method names";
  }
  if (count !== undefined && !(Number.isInteger(count) && (count as number) >= 0)) {
    return "count must be an integer >= 0";
  }
  return {
    rate,
    statuses: statuses as number[],
    dropConnection,
    when,
    latencyMs,
    methods: methods?.map((m) => (m as string).toUpperCase()),
    count: count as number | undefined,
  };
}

/** The live fault state of one emulator: the config plus how many faults are left. */
export class Faults {
  private remaining: number | undefined;

  constructor(
    private current: FaultConfig = noFaults,
    private readonly random: () => number = Math.random,
  ) {
    this.remaining = current.count;
  }

  get config(): FaultConfig {
    return this.remaining === undefined ? this.current : { ...this.current, count: this.remaining };
  }

  set(config: FaultConfig): void {
    this.current = config;
    this.remaining = config.count;
  }

  private applies(method: string): boolean {
    return this.current.methods === undefined || this.current.methods.includes(method);
  }

  latencyFor(method: string): number {
    return this.applies(method) ? this.current.latencyMs : 0;
  }

  /** Decides the fate of one request; consumes one of `count` when it injects a fault. */
  decide(method: string): FaultDecision {
    const c = this.current;
    if (c.rate <= 0 || !this.applies(method) || this.remaining === 0) return { kind: "none" };
    if (this.random() >= c.rate) return { kind: "none" };
    if (this.remaining !== undefined) this.remaining--;
    if (c.dropConnection) return { kind: "drop", when: c.when };
    const status = c.statuses[Math.floor(this.random() * c.statuses.length)] ?? c.statuses[0];
    return { kind: "status", when: c.when, status };
  }
}
