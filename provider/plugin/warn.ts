/**
 * Where the provider's warnings to the user go (a missing credential at preview, a create
 * that leaves a person with the same e-mail alone). Shared code is handed one: the runtime,
 * in the dynamic-provider host, hands down the engine's log (runtime/engineLog.ts), which the
 * Pulumi CLI shows as it shows `pulumi.log.warn`. Shared code never reaches up for it.
 */
import { escapeTerminalKeepLines } from "../../cli/output/terminal";

/** Shows one warning; never fails the caller. */
export type Warn = (message: string) => Promise<void> | void;

/**
 * Where the warnings of a context built outside the provider host go (the CLI's commands,
 * tests): stderr, escaped as the engine's log escapes them, since they quote ids and
 * e-mails read from the services.
 */
export const stderrWarn: Warn = (message) => console.warn(`warning: ${escapeTerminalKeepLines(message)}`);
