/** The fixture CRM's error body: `{ "message": "...", "code": "..." }`. */
import { STATUS_CODES } from "node:http";
import { ReplyError, json, type Reply } from "../../../emulators/core/types";

const CODES: Readonly<Record<number, string>> = { 400: "invalid", 401: "unauthorized", 404: "not_found", 405: "method_not_allowed", 409: "duplicate_email", 415: "unsupported_media_type", 429: "rate_limited" };

/** The answer with that status and message. */
export function errorReply(status: number, message: string = STATUS_CODES[status] ?? "Error", headers?: Record<string, string>): Reply {
  return json(status, { message, code: CODES[status] ?? (status >= 500 ? "server_error" : "error") }, headers);
}

/** Thrown by handlers and checks: the server answers it as is. */
export function error(status: number, message: string): ReplyError {
  return new ReplyError(errorReply(status, message));
}
