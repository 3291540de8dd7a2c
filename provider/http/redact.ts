/**
 * Redaction: no credential may reach a message or a log line, in any encoding a server may
 * echo it back in (issue #11, case 6). A server that echoes the request in an error body
 * rarely echoes it byte for byte:
 *
 * - JSON escaping varies by stack: PHP/Symfony escapes `/` as `\/`, some encoders write any
 *   character as `\u002d`, every encoder escapes `"` and `\`; a body that is JSON inside a
 *   JSON string doubles the backslashes;
 * - URL encoding (`%2F`, `%2f`, `+` for a space), e.g. a request line or a form echo;
 * - base64 of a `key:secret` pair (HTTP Basic style), standard or URL-safe, padded or not,
 *   and at any byte offset inside a longer base64 text;
 * - a JWT's segments on their own (header, claims, signature), as a server may quote one.
 *
 * So each secret becomes one pattern in which every character may appear literally or in
 * any of its escaped forms (any mix of them), plus its base64 fragments; one regular
 * expression holds all of them, longest first, so a secret that contains another is
 * removed whole.
 */

export const REDACTED = "[redacted]";

/**
 * Secrets shorter than this are redacted literally only: their escaped forms would hide
 * ordinary text. Halves of a `key:secret` header shorter than this are not added at all.
 */
const MIN_SECRET_LENGTH = 4;
/** Base64 fragments shorter than this are left alone, for the same reason. */
const MIN_BASE64_FRAGMENT = 8;

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** `0f` -> `0[fF]`: hex digits of escapes match in either case. */
const hexPattern = (hex: string): string => [...hex].map((d) => (/[a-f]/i.test(d) ? `[${d.toLowerCase()}${d.toUpperCase()}]` : d)).join("");

/** One character of a secret: itself, or any escaped form of it. */
function charPattern(char: string): string {
  const code = char.codePointAt(0)!;
  // Escaped forms come before the literal one: the alternation takes the first that fits,
  // and "\\" or "%25" must be removed whole, not just their first character.
  const forms: string[] = [];
  // JSON \uXXXX (BMP only; secrets are ASCII in practice), one or more backslashes for
  // JSON nested in JSON.
  if (code <= 0xffff) forms.push(`\\\\+u${hexPattern(code.toString(16).padStart(4, "0"))}`);
  // JSON's short escapes of the characters that have one.
  if (char === "/" || char === '"' || char === "\\") forms.push(`\\\\+${escapeRegExp(char)}`);
  // URL encoding of each UTF-8 byte; a form-encoded space.
  const bytes = [...Buffer.from(char, "utf8")].map((b) => `%${hexPattern(b.toString(16).padStart(2, "0"))}`).join("");
  forms.push(bytes);
  if (char === " ") forms.push("\\+");
  forms.push(escapeRegExp(char));
  return `(?:${forms.join("|")})`;
}

/** A pattern matching `text` literally or with any of its characters escaped. */
function escapedFormsPattern(text: string): string {
  return [...text].map(charPattern).join("");
}

/**
 * The parts of base64(secret) that do not depend on the bytes around it, for each of the
 * three byte offsets the secret can start at inside a longer encoded text. Standard and
 * URL-safe alphabets; padding is never part of a fragment.
 */
export function base64Fragments(secret: string): string[] {
  const bytes = Buffer.from(secret, "utf8");
  const out = new Set<string>();
  for (let offset = 0; offset < 3; offset += 1) {
    const encoded = Buffer.concat([Buffer.alloc(offset), bytes]).toString("base64");
    // Character j holds bits [6j, 6j+6); it depends on the secret alone when those bits lie
    // within the secret's bits [8*offset, 8*(offset+n)).
    const first = Math.ceil((8 * offset) / 6);
    const last = Math.floor((8 * (offset + bytes.length) - 6) / 6);
    if (last - first + 1 < MIN_BASE64_FRAGMENT) continue;
    const fragment = encoded.slice(first, last + 1);
    out.add(fragment);
    out.add(fragment.replace(/\+/g, "-").replace(/\//g, "_"));
  }
  return [...out];
}

/** The JWT segments of a token (`header.claims.signature`), or none when it is not a JWT. */
export function jwtSegments(token: string): string[] {
  const parts = token.split(".");
  if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p))) return [];
  return parts.filter((p) => p.length >= MIN_BASE64_FRAGMENT);
}

/** Builds one regular expression matching every form of every secret. */
function compile(secrets: Iterable<string>): RegExp | undefined {
  const texts = new Set<string>();
  const literals = new Set<string>();
  for (const secret of secrets) {
    if (!secret) continue;
    if (secret.length < MIN_SECRET_LENGTH) {
      literals.add(secret);
      continue;
    }
    texts.add(secret);
    for (const fragment of base64Fragments(secret)) texts.add(fragment);
    for (const segment of jwtSegments(secret)) texts.add(segment);
  }
  if (texts.size === 0 && literals.size === 0) return undefined;
  // Longest first: the alternation tries them in order at each position.
  const patterns = [
    ...[...texts].sort((a, b) => b.length - a.length).map(escapedFormsPattern),
    ...[...literals].sort((a, b) => b.length - a.length).map(escapeRegExp),
  ];
  return new RegExp(patterns.join("|"), "g");
}

/** Removes every occurrence of the given secrets, in every encoding above, from text. */
export function redact(text: string, secrets: Iterable<string>): string {
  const pattern = compile(secrets);
  return pattern ? text.replace(pattern, REDACTED) : text;
}

// Headers whose values are credentials. x-rollout-credential-id is an id, not a secret.
const SENSITIVE_HEADER = /^(authorization|proxy-authorization|cookie|x-api-key)$|token|secret|password|api-?key/i;

/** The set of secret strings of one client; grows as auth headers are produced. */
export class Redactor {
  private readonly secrets = new Set<string>();
  private pattern: RegExp | undefined;
  private dirty = false;

  constructor(secrets: Iterable<string | undefined> = []) {
    for (const secret of secrets) this.add(secret);
  }

  add(secret: string | undefined): void {
    if (!secret || this.secrets.has(secret)) return;
    this.secrets.add(secret);
    this.dirty = true;
  }

  /**
   * Registers the credential values among request headers: the whole value, the part after
   * the scheme ("Bearer <token>", "Outseta <key>:<secret>") and, for `key:secret` pairs,
   * each half, so no piece of a credential can appear in a message or log line. (A minted
   * JWT's segments and the base64 forms come with each secret, see `compile`.)
   */
  addHeaderValues(headers: Record<string, string>): void {
    for (const [name, value] of Object.entries(headers)) {
      if (!SENSITIVE_HEADER.test(name) || !value) continue;
      this.add(value);
      const credentials = value.includes(" ") ? value.slice(value.indexOf(" ") + 1).trim() : value;
      this.add(credentials);
      for (const part of credentials.split(":")) if (part.length >= MIN_SECRET_LENGTH) this.add(part);
    }
  }

  redact(text: string): string {
    if (this.dirty) {
      // A minted token is renewed every few minutes: compile again only when a new one comes.
      this.pattern = compile(this.secrets);
      this.dirty = false;
    }
    if (!this.pattern) return text;
    this.pattern.lastIndex = 0;
    return text.replace(this.pattern, REDACTED);
  }
}
