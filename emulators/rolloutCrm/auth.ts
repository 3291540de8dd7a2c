/**
 * Universal CRM authentication (the Universal CRM API documentation "Base URL and auth"): a Bearer
 * token that is either the emulator's fixed development token or an HS512 JWT minted by
 * the client with its client secret: `iss` = client id, `sub` = end user, `iat`, `exp`.
 * Anything else (another algorithm, a bad signature, an unknown client, a missing claim,
 * an expired token) is refused, because a client that passes here must pass on the real API.
 */
import { createHmac, timingSafeEqual } from "node:crypto";
import { isPlainObject } from "../core/body";

export const CRM_DEV_TOKEN = "dev-rollout-crm-token";
export const CRM_DEV_CLIENT_ID = "dev-client";
export const CRM_DEV_CLIENT_SECRET = "dev-client-secret";

/** Tolerated clock difference for `iat` in the future. */
const CLOCK_SKEW_SECONDS = 60;

export type AuthResult = { readonly ok: true; readonly sub: string } | { readonly ok: false; readonly error: string };

function decodePart(part: string): unknown {
  try {
    return JSON.parse(Buffer.from(part, "base64url").toString("utf8"));
  } catch {
    return undefined;
  }
}

export function verifyBearer(authorization: string | undefined, nowMs: number): AuthResult {
  const match = /^bearer\s+(\S+)\s*$/i.exec(authorization ?? "");
  if (!match) return { ok: false, error: "Missing or malformed Authorization header: expected Bearer <token>" };
  const token = match[1];
  if (token === CRM_DEV_TOKEN) return { ok: true, sub: "dev-user" };

  const parts = token.split(".");
  if (parts.length !== 3) return { ok: false, error: "Invalid token" };
  const [headerPart, payloadPart, signaturePart] = parts;
  const header = decodePart(headerPart);
  const payload = decodePart(payloadPart);
  if (!isPlainObject(header) || !isPlainObject(payload)) return { ok: false, error: "Invalid token" };
  if (header.alg !== "HS512") return { ok: false, error: "Invalid token: the algorithm must be HS512" };
  if (payload.iss !== CRM_DEV_CLIENT_ID) return { ok: false, error: "Invalid token: unknown client (iss)" };

  const expected = createHmac("sha512", CRM_DEV_CLIENT_SECRET).update(`${headerPart}.${payloadPart}`).digest();
  const given = Buffer.from(signaturePart, "base64url");
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) {
    return { ok: false, error: "Invalid token: bad signature" };
  }

  const now = nowMs / 1000;
  if (typeof payload.sub !== "string" || payload.sub === "") return { ok: false, error: "Invalid token: sub is required" };
  if (typeof payload.iat !== "number") return { ok: false, error: "Invalid token: iat is required" };
  if (typeof payload.exp !== "number") return { ok: false, error: "Invalid token: exp is required" };
  if (payload.iat > now + CLOCK_SKEW_SECONDS) return { ok: false, error: "Invalid token: iat is in the future" };
  if (payload.exp <= now) return { ok: false, error: "Token expired" };
  return { ok: true, sub: payload.sub };
}
