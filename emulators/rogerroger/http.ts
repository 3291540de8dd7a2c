/** Request and response plumbing shared by the people and notes handlers. */
import { mediaType, parseJson } from "../core/body";
import { ReplyError, type ApiRequest, type Reply } from "../core/types";
import { problem, violations, type Violation } from "./errors";

export const LD_JSON = "application/ld+json";
export const MERGE_PATCH = "application/merge-patch+json";
/** The input formats of POST and PUT. */
export const WRITE_FORMATS = [LD_JSON, "application/json"] as const;

export function ld(status: number, body: unknown, headers?: Record<string, string>): Reply {
  return { status, body, contentType: `${LD_JSON}; charset=utf-8`, headers };
}

/**
 * API Platform's DeserializeProvider: the Content-Type must name one of the operation's input
 * formats, else 415; a body that is not JSON is a 400 "Syntax error" (Symfony's JsonDecode).
 * POST and PUT take `application/ld+json` and `application/json`: the docs show ld+json,
 * but RogerRoger's own n8n node and MCP server send `application/json` (RogerRoger's API documentation,
 * "Evidence from vendors' code"), so the service accepts it. PATCH takes only
 * `application/merge-patch+json`.
 */
export function readBody(req: ApiRequest, accepted: string | readonly string[]): unknown {
  const formats = typeof accepted === "string" ? [accepted] : accepted;
  const type = mediaType(req);
  if (type === undefined) throw new ReplyError(problem(415, 'The "Content-Type" header must exist.'));
  if (!formats.includes(type)) {
    const header = req.headers["content-type"] ?? type;
    throw new ReplyError(
      problem(415, `The content-type "${header}" is not supported. Supported MIME types are "${formats.join('", "')}".`),
    );
  }
  const parsed = parseJson(req.body);
  if (!parsed.ok) throw new ReplyError(problem(400, "Syntax error"));
  return parsed.value;
}

export function assertValid(found: readonly Violation[]): void {
  if (found.length > 0) throw new ReplyError(violations(found));
}

export function notFound(): never {
  throw new ReplyError(problem(404, "Not Found"));
}

/** Values of a filter given as `name=v` or `name[]=v` (API Platform accepts both). */
export function filterValues(req: ApiRequest, name: string): string[] {
  return [...req.query.getAll(name), ...req.query.getAll(`${name}[]`)];
}

/** API Platform's BooleanFilter reading of "true"/"1" and "false"/"0"; others are ignored. */
export function booleanParam(value: string | null): boolean | undefined {
  if (value === "true" || value === "1") return true;
  if (value === "false" || value === "0") return false;
  return undefined;
}
