/**
 * Which records `sweep` may delete: those a live run made, told by the run prefix its
 * e-mails carry. Pure. A record is the run's only when it has an e-mail and every e-mail it
 * has starts with the prefix: a record a person also gave their own address is left alone.
 */

/** A short or blank prefix would match people's own records: refused. */
export const MIN_PREFIX_LENGTH = 4;

/** Why `prefix` is refused, or undefined when it is usable. */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix.trim() !== prefix || prefix.length < MIN_PREFIX_LENGTH) return `--prefix must be at least ${MIN_PREFIX_LENGTH} characters with no spaces around it (a live run's prefix looks like 'plrc-1a2b3c-')`;
  if (!/^[A-Za-z0-9][A-Za-z0-9._+-]*$/.test(prefix)) return "--prefix may hold letters, digits and . _ + - only, and starts with a letter or digit (it is the start of an e-mail's local part)";
  return undefined;
}

export interface SweepRecord {
  /** The id the service deletes by (Rollout: the e-mail). */
  readonly id: string;
  readonly emails: readonly string[];
}

/** True when the record is the run's: it has e-mails, and each starts with the prefix (any case). */
export function carriesPrefix(record: SweepRecord, prefix: string): boolean {
  const p = prefix.toLowerCase();
  return record.emails.length > 0 && record.emails.every((e) => e.toLowerCase().startsWith(p));
}
