/**
 * The Universal CRM's auth token: an HS512 JWT the client mints with its Rollout client
 * secret, `iss` = client id, `sub` = the end user's id, `iat`, `exp`
 * (the Universal CRM API documentation, "Base URL and auth"). Minting per run, instead of storing a
 * token, lets CI keep one long-lived secret while every token it sends is short-lived.
 * node:crypto is all it takes: no JWT library.
 */
import { createHmac } from "node:crypto";

export interface JwtClaims {
  iss: string;
  sub: string;
  iat: number;
  exp: number;
}

const segment = (value: unknown): string => Buffer.from(JSON.stringify(value)).toString("base64url");

/** A signed HS512 JWT (RFC 7519 with RFC 7518 section 3.2 HMAC SHA-512). */
export function signHs512(claims: JwtClaims, secret: string): string {
  const signingInput = `${segment({ alg: "HS512", typ: "JWT" })}.${segment(claims)}`;
  return `${signingInput}.${createHmac("sha512", secret).update(signingInput).digest("base64url")}`;
}

export interface MintedTokenOptions {
  clientId: string;
  clientSecret: string;
  userId: string;
  /** How long each token is valid. Default 15 minutes, as the Rollout docs' example. */
  lifetimeSeconds?: number;
  now?: () => number;
}

/** Mints a token on first use and again when the current one has less than a minute left. */
export class MintedToken {
  private current: { token: string; exp: number } | undefined;

  constructor(private readonly options: MintedTokenOptions) {}

  get(): string {
    const nowSeconds = Math.floor((this.options.now ?? Date.now)() / 1000);
    if (!this.current || this.current.exp - nowSeconds < 60) {
      const exp = nowSeconds + (this.options.lifetimeSeconds ?? 900);
      const claims = { iss: this.options.clientId, sub: this.options.userId, iat: nowSeconds, exp };
      this.current = { token: signHs512(claims, this.options.clientSecret), exp };
    }
    return this.current.token;
  }
}
