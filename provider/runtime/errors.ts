/**
 * Errors as messages, not stack traces (issue #11, case 8). The dynamic-provider host of
 * @pulumi/pulumi prints `${e}: ${e.stack}` to stderr for an error from check, diff, read or
 * delete (cmd/dynamic-provider/index.ts), and the engine shows that text under the stack's
 * diagnostics: 8 to 32 lines of frames for an API error the user can only act on by its
 * message. The error the host gets from us is therefore shaped so that exactly that
 * expression prints the message once: `toString()` is the message up to its first ": "
 * (e.g. "rogerroger: DELETE /people/1 failed with 403") and `stack` is the rest. Its
 * `message` (what the host sends to the engine, for every method) is the original message.
 *
 * Set PULUMI_ROLLOUT_CRM_STACK_TRACES=1 to get the original errors, frames included, when
 * reporting a bug.
 *
 * The message is also the last place where text from data can be made inert before the
 * engine prints it (issue 22): every control character but our own line breaks is escaped
 * here (../../cli/output), whatever the layer that built the message forgot.
 */
import { escapeTerminalKeepLines } from "../../cli/output/terminal";

/** The error the host prints as `${e}: ${e.stack}`, reading as the message alone. */
export class ProviderError extends Error {
  override name = "ProviderError";
  private readonly head: string;

  constructor(message: string, cause: unknown) {
    super(message, { cause });
    const split = message.indexOf(": ");
    this.head = split > 0 ? message.slice(0, split) : "error";
    // An own data property: shadows V8's stack accessor on the instance.
    Object.defineProperty(this, "stack", { value: split > 0 ? message.slice(split + 2) : message, writable: true, configurable: true });
  }

  override toString(): string {
    return this.head;
  }
}

/**
 * The error to hand to the host for what a provider method threw. Properties the host reads
 * on a failed create or update (`id`, `properties`, `reasons`: a resource created but not
 * initialised) are kept.
 */
export function presentable(err: unknown, env: NodeJS.ProcessEnv = process.env): unknown {
  if (env.PULUMI_ROLLOUT_CRM_STACK_TRACES === "1") return err;
  const message = escapeTerminalKeepLines(err instanceof Error ? err.message : String(err));
  const out = new ProviderError(message, err);
  if (typeof err === "object" && err !== null) {
    for (const key of ["id", "properties", "reasons"] as const) {
      if (key in err) (out as unknown as Record<string, unknown>)[key] = (err as Record<string, unknown>)[key];
    }
  }
  return out;
}
