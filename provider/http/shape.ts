/**
 * Fail closed (issue 22, item 4): every answer a resource uses is checked against the shape
 * the code relies on before it is used. A 204, an empty 200, an HTML page, JSON sent as
 * `text/plain`, or JSON without the list's key (`{}`, RogerRoger's 2xx
 * `{"message": "JWT Token not found"}`) is never read as "no records" or "gone": the client
 * turns a failed check into an ApiError naming the service, the request and what was wrong.
 *
 * Hand-written rather than a schema library: the shapes are few and loose (every field may
 * be missing or null, native properties pass through), what matters is the handful of keys
 * the mapping dereferences, and the provider process loads nothing it does not need.
 */

/** What the client hands a body check: the answer after parsing (client.ts `parseBody`). */
export interface Answer {
  status: number;
  /** The Content-Type header ('' when absent). */
  contentType: string;
  /** Parsed JSON; the text of a non-JSON body; undefined for no body (204, empty 200). */
  body: unknown;
}

/** What is wrong with an answer, in words that follow "answered 200 with ..."; undefined when it is fine. */
export type BodyCheck = (answer: Answer) => string | undefined;

/** What is wrong with a JSON value, in words ("no `member` array"); undefined when it is fine. */
export type Check = (value: unknown) => string | undefined;

/** The JSON kinds a field may hold (null and absent are always allowed: "not set"). */
export type Kind = "string" | "number" | "boolean" | "array" | "object";

const kindOf = (value: unknown): string => (value === null ? "null" : Array.isArray(value) ? "array" : typeof value);
const isObject = (value: unknown): value is Record<string, unknown> => kindOf(value) === "object";

/** "keys: message, code" (at most 8): what a body held instead of what was expected. */
function keysOf(value: unknown): string {
  if (!isObject(value)) return kindOf(value);
  const keys = Object.keys(value);
  if (keys.length === 0) return "an empty object";
  return `keys: ${keys.slice(0, 8).map((k) => JSON.stringify(k)).join(", ")}${keys.length > 8 ? ", …" : ""}`;
}

/** How a body that is not JSON looks, for the message. */
function notJson(answer: Answer): string | undefined {
  if (answer.body === undefined) return answer.status === 204 ? "no body (204)" : "an empty body";
  if (typeof answer.body !== "string") return undefined;
  const type = answer.contentType.split(";")[0]!.trim() || "no content type";
  if (/html/i.test(type) || /^\s*<(!doctype|html)/i.test(answer.body)) return `an HTML page (${type})`;
  return `a body that is not declared as JSON (${type})`;
}

/** A JSON body that passes `check`; `what` names what was expected ("a people list"). */
export function json(what: string, check: Check): BodyCheck {
  return (answer) => {
    const other = notJson(answer);
    if (other !== undefined) return `${other} where ${what} was expected`;
    const wrong = check(answer.body);
    return wrong === undefined ? undefined : `JSON that is not ${what}: ${wrong}`;
  };
}

/** Like `json`, but no body at all is fine (a write the caller then reads again). */
export function jsonOrEmpty(what: string, check: Check): BodyCheck {
  const full = json(what, check);
  return (answer) => (answer.body === undefined ? undefined : full(answer));
}

/** A field check: each named field, when present and not null, holds that kind. */
export function fields(kinds: Readonly<Record<string, Kind>>): Check {
  return (value) => {
    if (!isObject(value)) return `a JSON ${kindOf(value)}, not an object`;
    for (const [name, kind] of Object.entries(kinds)) {
      const field = Object.prototype.hasOwnProperty.call(value, name) ? value[name] : undefined;
      if (field !== undefined && field !== null && kindOf(field) !== kind) return `\`${name}\` is a ${kindOf(field)}, not a${kind === "array" || kind === "object" ? "n" : ""} ${kind}`;
    }
    return undefined;
  };
}

/** All of `checks`, the first failure wins. */
export function all(...checks: Check[]): Check {
  return (value) => {
    for (const check of checks) {
      const wrong = check(value);
      if (wrong !== undefined) return wrong;
    }
    return undefined;
  };
}

/** An object carrying a non-blank string under one of `keys` (its id): a record, not an error or an empty object. */
export function identified(...keys: string[]): Check {
  return (value) => {
    if (!isObject(value)) return `a JSON ${kindOf(value)}, not an object`;
    if (keys.some((k) => typeof value[k] === "string" && (value[k] as string).trim() !== "")) return undefined;
    return `no ${keys.map((k) => `\`${k}\``).join(" or ")} (${keysOf(value)})`;
  };
}

/** A list: the array itself (`key` undefined) or under `key` of an object, each item passing `item`. */
export function listOf(key: string | undefined, item: Check): Check {
  return (value) => {
    const list = key === undefined ? value : isObject(value) ? value[key] : undefined;
    if (!Array.isArray(list)) return key === undefined ? `a JSON ${kindOf(value)}, not an array` : `no \`${key}\` array (${keysOf(value)})`;
    for (const [i, entry] of list.entries()) {
      const wrong = item(entry);
      if (wrong !== undefined) return `item ${i}: ${wrong}`;
    }
    return undefined;
  };
}

/** A count the API announces (a total): absent, or a non-negative whole number. */
export function count(path: readonly string[]): Check {
  return (value) => {
    let at: unknown = value;
    for (const key of path) at = isObject(at) ? at[key] : undefined;
    if (at === undefined || at === null || (Number.isSafeInteger(at) && (at as number) >= 0)) return undefined;
    return `\`${path.join(".")}\` is ${JSON.stringify(at)}, not a count`;
  };
}
