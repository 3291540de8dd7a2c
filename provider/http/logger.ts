/**
 * Where the HTTP layer says why it waits or retries. Injectable so the provider can route
 * lines to Pulumi's log and tests can capture them. Every line goes through the client's
 * redactor first (see `redactingLogger`), so no credential is ever logged.
 */
export interface Logger {
  debug(message: string): void;
  info(message: string): void;
  warn(message: string): void;
}

/** Default: info and warnings on stderr, debug dropped. */
export const stderrLogger: Logger = {
  debug: () => undefined,
  info: (message) => process.stderr.write(`${message}\n`),
  warn: (message) => process.stderr.write(`warning: ${message}\n`),
};

/** Drops everything. */
export const silentLogger: Logger = { debug: () => undefined, info: () => undefined, warn: () => undefined };

/** Wraps a logger so every message passes through `redact` first. */
export function redactingLogger(logger: Logger, redact: (text: string) => string): Logger {
  return {
    debug: (message) => logger.debug(redact(message)),
    info: (message) => logger.info(redact(message)),
    warn: (message) => logger.warn(redact(message)),
  };
}
