/**
 * Recordings of exchanges with a service (test/contract/<service>/*.json), and their replay
 * against an emulator: the answer must have the recorded status, content type and body
 * shape (keys and value kinds, not values). Written by hand from vendors' public evidence
 * (each file cites it) or by `npm run test:live -- --record DIR`, with every credential,
 * e-mail and name replaced by a placeholder:
 *   "<email>", "<email:2>"  an e-mail (one per placeholder in a recording)
 *   "<name>"                 a person's name
 *   "<id:person>"            an id the service chose: bound from the first answer holding
 *                            it, then put into later paths and bodies
 *
 * Evidence marks: what a recording transcribes from a vendor's documentation or code is not
 * always a fact. An exchange (or one part of it: its status, content type or body) marked
 * "disputed" (the sources disagree) or "unknown" (no source shows it; the recording holds
 * the emulator's assumption) is replayed like any other, and the emulator's answer is
 * reported, but only a difference in an agreed part fails.
 */

/** How sure the sources are of a recorded fact; absent = "agreed". */
export type Evidence = "agreed" | "disputed" | "unknown";
export type Part = "status" | "contentType" | "body";

export interface RecordedExchange {
  readonly request: {
    readonly method: string;
    readonly path: string;
    readonly body?: unknown;
    /** Sent with the service's development credential, unless "missing" (none) or "wrong" (another key). */
    readonly credential?: "missing" | "wrong";
  };
  readonly response: {
    readonly status: number;
    /** Where the sources disagree, every status they allow (the emulator's choice is one). */
    readonly statuses?: readonly number[];
    /** The media type, without parameters; null for an answer without a body. */
    readonly contentType: string | null;
    readonly body?: unknown;
  };
  /** How sure the sources are: of the whole exchange, or part by part. */
  readonly evidence?: Evidence | Partial<Record<Part, Evidence>>;
  /** Why this exchange is here, or what the sources disagree on. */
  readonly note?: string;
}

/** The evidence for one part of an exchange. */
export function evidenceOf(exchange: RecordedExchange, part: Part): Evidence {
  const marks = exchange.evidence;
  if (marks === undefined) return "agreed";
  return typeof marks === "string" ? marks : (marks[part] ?? "agreed");
}

export interface Recording {
  readonly service: "rollout" | "rogerroger" | "outseta" | "rolloutCrm";
  /** Where the exchanges come from: URLs of the vendor evidence, or "test:live <date>". */
  readonly source: string | readonly string[];
  /** True when bodies were transcribed in part: the recorded keys must exist, others may too. */
  readonly partial?: boolean;
  readonly exchanges: readonly RecordedExchange[];
}

type Json = unknown;
const PLACEHOLDER = /^<(email|name|id)(?::([\w-]+))?>$/;

export function kindOf(v: Json): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return "array";
  return typeof v;
}

/** Values for placeholders while replaying one recording. */
export class Bindings {
  private readonly values = new Map<string, Json>();
  constructor(private readonly run: string) {}

  /** `value` with every placeholder replaced (an unbound id stays as it is: a 404 will say so). */
  fill(value: Json): Json {
    if (typeof value === "string") {
      const m = PLACEHOLDER.exec(value);
      if (m?.[1] === "email") return `contract-${this.run}-${m[2] ?? "1"}@example.com`;
      if (m?.[1] === "name") return "Contract Name";
      if (m?.[1] === "id") return this.values.get(value) ?? value;
      return value.replace(/<id:[\w-]+>/g, (p) => String(this.values.get(p) ?? p)).replace(/<email(?::([\w-]+))?>/g, (_p, n: string | undefined) => `contract-${this.run}-${n ?? "1"}@example.com`);
    }
    if (Array.isArray(value)) return value.map((v) => this.fill(v));
    if (value && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.fill(v)]));
    return value;
  }

  /** Binds the ids the recorded body names where the live body has a value; list items are paired as `pairItems` pairs them. */
  learn(recorded: Json, live: Json, partial = true): void {
    if (typeof recorded === "string" && PLACEHOLDER.exec(recorded)?.[1] === "id" && (typeof live === "string" || typeof live === "number")) {
      // An id is one record's: a value bound already is not bound again.
      if (!this.values.has(recorded) && ![...this.values.values()].includes(live)) this.values.set(recorded, live);
      return;
    }
    if (Array.isArray(recorded) && Array.isArray(live)) {
      const partners = pairItems(recorded, live, partial, (v) => this.fill(v));
      recorded.forEach((r, i) => partners[i] !== undefined && this.learn(r, live[partners[i]!], partial));
    } else if (recorded && live && typeof recorded === "object" && typeof live === "object") {
      for (const [k, v] of Object.entries(recorded)) this.learn(v, (live as Record<string, Json>)[k], partial);
    }
  }
}

/** Replaces the placeholders of a recorded value with what they stand for (Bindings.fill). */
export type Filler = (value: Json) => Json;

/** The scalar values anywhere in `value`. */
function leaves(value: Json, out: Set<unknown> = new Set()): Set<unknown> {
  if (Array.isArray(value)) value.forEach((v) => leaves(v, out));
  else if (value && typeof value === "object") Object.values(value).forEach((v) => leaves(v, out));
  else out.add(value);
  return out;
}

/** The values a recorded item's placeholders stand for, where they are known (an e-mail, a bound id). */
function knownValues(recorded: Json, fill: Filler): unknown[] {
  return [...leaves(recorded)].filter((v): v is string => typeof v === "string" && /<(email|id)(:[\w-]+)?>/.test(v)).map(fill).filter((v) => typeof v !== "string" || !/<id(:[\w-]+)?>/.test(v));
}

/**
 * The live partner (an index, or undefined) of each recorded list item. A list may come back
 * in another order than recorded, and hold other records too, so items are paired by key: the
 * live item holding most of the values the recorded item's placeholders stand for (its
 * e-mail, an id bound before). An item without such a key takes the free live item closest
 * in shape (fewest differences; the first of equals). Counts are values, not shape: a
 * recorded item without a partner is no difference.
 */
export function pairItems(recorded: readonly Json[], live: readonly Json[], partial: boolean, fill: Filler = (v) => v): (number | undefined)[] {
  const free = new Set(live.map((_, i) => i));
  const partners: (number | undefined)[] = recorded.map(() => undefined);
  const take = (i: number, j: number | undefined) => {
    if (j === undefined) return;
    partners[i] = j;
    free.delete(j);
  };
  recorded.forEach((r, i) => {
    const known = knownValues(r, fill);
    if (known.length === 0) return;
    let best: { j: number; score: number } | undefined;
    for (const j of free) {
      const values = leaves(live[j]);
      const score = known.filter((v) => values.has(v)).length;
      if (score > 0 && (best === undefined || score > best.score)) best = { j, score };
    }
    take(i, best?.j);
  });
  recorded.forEach((r, i) => {
    if (partners[i] !== undefined) return;
    let best: { j: number; score: number } | undefined;
    for (const j of free) {
      const score = shapeDifferences(r, live[j], partial, "", fill).length;
      if (best === undefined || score < best.score) best = { j, score };
    }
    take(i, best?.j);
  });
  return partners;
}

/**
 * The differences of shape between a recorded body and a live one, as `path: what` lines.
 * null matches any kind (a value, not a shape); list items are compared with their partners
 * (`pairItems`), `[i]` naming the recorded item.
 */
export function shapeDifferences(recorded: Json, live: Json, partial: boolean, at = "body", fill?: Filler): string[] {
  const r = kindOf(recorded);
  const l = kindOf(live);
  if (r === "null" || l === "null") return [];
  if (r !== l) return [`${at}: recorded ${r}, live ${l}`];
  if (r === "array") {
    const rec = recorded as Json[];
    const lv = live as Json[];
    const partners = pairItems(rec, lv, partial, fill);
    return rec.flatMap((item, i) => (partners[i] === undefined ? [] : shapeDifferences(item, lv[partners[i]!], partial, `${at}[${i}]`, fill)));
  }
  if (r !== "object") return [];
  const rec = recorded as Record<string, Json>;
  const lv = live as Record<string, Json>;
  const out: string[] = [];
  for (const key of Object.keys(rec)) {
    if (!(key in lv)) out.push(`${at}.${key}: recorded, missing live`);
    else out.push(...shapeDifferences(rec[key], lv[key], partial, `${at}.${key}`, fill));
  }
  if (!partial) for (const key of Object.keys(lv)) if (!(key in rec)) out.push(`${at}.${key}: live, not recorded`);
  return out;
}
