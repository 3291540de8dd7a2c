/** The Rollout users API's error body: `{ "message": "..." }` (the emulator's shape; undocumented upstream). */
import { json, type Reply } from "../core/types";

export function message(status: number, text: string): Reply {
  return json(status, { message: text });
}
