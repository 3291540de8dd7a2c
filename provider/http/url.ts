/**
 * Base URL checks, used at config time (by the services) and again by `createServiceClient`.
 *
 * Credentials travel in headers on every request, so a plain `http://` URL would send them
 * in clear text over the network. It is allowed only on loopback, where the local
 * emulators run (`http://127.0.0.1:4101/public-api`, ...).
 */
import { inlineText } from "../../cli/output/terminal";

/** How long an echoed URL may be in a message. */
const MAX_SHOWN = 200;

/**
 * A URL as a message may show it (issue 22, item 11): without user info (`user:pass@`),
 * without its query and fragment (`?token=...`), control characters escaped, capped. Works
 * on text that does not parse as a URL too: whatever precedes an `@` in the authority goes.
 */
export function displayUrl(url: string): string {
  const noUser = url.replace(/^((?:[a-z][a-z0-9+.-]*:)?\/\/)?[^/?#]*@/i, "$1");
  const noQuery = noUser.replace(/[?#][\s\S]*$/, (rest) => (rest.length > 0 ? `${rest[0]}…` : ""));
  return inlineText(noQuery, MAX_SHOWN);
}

/** True for `localhost` (and `*.localhost`, RFC 6761), 127.0.0.0/8 and `::1`. */
export function isLoopbackHost(hostname: string): boolean {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, "");
  if (host === "localhost" || host.endsWith(".localhost")) return true;
  if (host === "::1" || host === "0:0:0:0:0:0:0:1") return true;
  if (/^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(host)) return true;
  // IPv4-mapped IPv6 of 127.0.0.0/8, as WHATWG URL prints it (e.g. [::ffff:7f00:1]).
  return /^::ffff:7f[0-9a-f]{2}:[0-9a-f]{1,4}$/.test(host);
}

/**
 * Checks a service base URL and returns it normalised (no trailing slash). Throws an Error
 * naming `settingName` (e.g. "rollout:apiUrl") when the URL is not absolute http(s), carries
 * user info, a query or a fragment, or is plain `http://` to a non-loopback host.
 */
export function validateBaseUrl(url: string, settingName: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new Error(`${settingName}: '${displayUrl(url)}' is not an absolute URL (expected e.g. https://host/path).`);
  }
  if (parsed.protocol !== "https:" && parsed.protocol !== "http:") {
    throw new Error(`${settingName}: '${displayUrl(url)}' must use https:// (got ${parsed.protocol}).`);
  }
  if (parsed.username || parsed.password) {
    // Credentials in the URL would end up in error messages and logs.
    throw new Error(`${settingName}: the URL must not contain a user name or password; set the credentials in their own settings.`);
  }
  if (parsed.search || parsed.hash) {
    throw new Error(`${settingName}: '${displayUrl(url)}' must not contain a query string or fragment.`);
  }
  if (parsed.protocol === "http:" && !isLoopbackHost(parsed.hostname)) {
    throw new Error(
      `${settingName}: '${displayUrl(url)}' uses plain http://, which would send credentials unencrypted; ` +
        `use https://, or http:// only on a loopback address (127.0.0.1, ::1, localhost).`,
    );
  }
  return `${parsed.origin}${parsed.pathname.replace(/\/+$/, "")}`;
}
