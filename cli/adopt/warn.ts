/**
 * How `adopt` shows values from a service in its messages. Every warning goes through
 * `warningLine`, the one place to route to the package's terminal escaping: a value written
 * by whoever filled in a form must never start a line of its own or drive the terminal.
 */
import { commentText, tsString } from "./literal";

/** A value from a service, quoted, with controls, separators and bidi overrides escaped visibly. */
export const shown = (value: string): string => tsString(value);

/** One line of stderr for a warning, inert whatever the message holds. */
export function warningLine(message: string): string {
  return `adopt: warning: ${commentText(message)}`;
}
