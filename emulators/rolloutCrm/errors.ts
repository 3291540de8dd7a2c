/** The Universal CRM's error body: `{ "error": "..." }` (the Universal CRM API documentation, "Errors"). */
import { ReplyError, json, type Reply } from "../core/types";

/** The answer with that status and message. */
export function errorReply(status: number, message: string, headers?: Record<string, string>): Reply {
  return json(status, { error: message }, headers);
}

/** Thrown by handlers and checks: the server answers it as is. */
export function error(status: number, message: string): ReplyError {
  return new ReplyError(errorReply(status, message));
}
