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
 */

export interface RecordedExchange {
  readonly request: { readonly method: string; readonly path: string; readonly body?: unknown };
  readonly response: {
    readonly status: number;
    /** Where the sources disagree, every status they allow (the emulator's choice is one). */
    readonly statuses?: readonly number[];
    /** The media type, without parameters; null for an answer without a body. */
    readonly contentType: string | null;
    readonly body?: unknown;
  };
  /** Why this exchange is here, or what the sources disagree on. */
  readonly note?: string;
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

  /** Binds the ids the recorded body names where the live body has a value. */
  learn(recorded: Json, live: Json): void {
    if (typeof recorded === "string" && PLACEHOLDER.exec(recorded)?.[1] === "id" && (typeof live === "string" || typeof live === "number")) {
      // An id is one record's: a value bound already is not bound again (list items may come
      // back in another order than recorded, so an item's id can be another record's).
      if (!this.values.has(recorded) && ![...this.values.values()].includes(live)) this.values.set(recorded, live);
      return;
    }
    if (Array.isArray(recorded) && Array.isArray(live)) recorded.forEach((r, i) => this.learn(r, live[i]));
    else if (recorded && live && typeof recorded === "object" && typeof live === "object") for (const [k, v] of Object.entries(recorded)) this.learn(v, (live as Record<string, Json>)[k]);
  }
}

/**
 * The differences of shape between a recorded body and a live one, as `path: what` lines.
 * null matches any kind (a value, not a shape); arrays compare their first items.
 */
export function shapeDifferences(recorded: Json, live: Json, partial: boolean, at = "body"): string[] {
  const r = kindOf(recorded);
  const l = kindOf(live);
  if (r === "null" || l === "null") return [];
  if (r !== l) return [`${at}: recorded ${r}, live ${l}`];
  if (r === "array") {
    const [first] = recorded as Json[];
    const [liveFirst] = live as Json[];
    return first === undefined || liveFirst === undefined ? [] : shapeDifferences(first, liveFirst, partial, `${at}[0]`);
  }
  if (r !== "object") return [];
  const rec = recorded as Record<string, Json>;
  const lv = live as Record<string, Json>;
  const out: string[] = [];
  for (const key of Object.keys(rec)) {
    if (!(key in lv)) out.push(`${at}.${key}: recorded, missing live`);
    else out.push(...shapeDifferences(rec[key], lv[key], partial, `${at}.${key}`));
  }
  if (!partial) for (const key of Object.keys(lv)) if (!(key in rec)) out.push(`${at}.${key}: live, not recorded`);
  return out;
}
