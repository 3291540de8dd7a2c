import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { signHs512 } from "../../../provider/rolloutCrm/jwt";
import { REDACTED, Redactor, base64Fragments, redact } from "../../../provider/http/redact";
import { ECHO_STYLES } from "../../support/scriptedServer";

/** base64 echoes: the secret inside a longer encoded text, at each alignment. */
const BASE64_STYLES: Record<string, (secret: string) => string> = {
  base64: (s) => Buffer.from(s).toString("base64"),
  "base64 after 1 byte": (s) => Buffer.from(`x${s}`).toString("base64"),
  "base64 after 2 bytes": (s) => Buffer.from(`xy${s}:trailer`).toString("base64"),
  base64url: (s) => Buffer.from(`Basic ${s}`).toString("base64url"),
};

// Printable ASCII, the characters credentials are made of, with the escaped ones favoured.
const secretChar = fc.oneof(
  fc.constantFrom("/", "-", '"', "\\", "+", "=", ":", "%", " ", "_", "."),
  fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c)),
);
const secret = fc.array(secretChar, { minLength: 8, maxLength: 40 }).map((cs) => cs.join(""));

describe("redact: every echo style", () => {
  it.each(Object.entries(ECHO_STYLES))("%s", (_name, encode) => {
    fc.assert(
      fc.property(secret, (s) => {
        const text = `{"echo":"${encode(s)}","after":1}`;
        expect(redact(text, [s])).toBe(`{"echo":"${REDACTED}","after":1}`);
      }),
      { numRuns: 200 },
    );
  });

  it.each(Object.entries(BASE64_STYLES))("%s: no fragment of the secret's base64 survives", (_name, encode) => {
    fc.assert(
      fc.property(secret, (s) => {
        const out = redact(`auth=${encode(s)};`, [s]);
        for (const fragment of base64Fragments(s)) expect(out).not.toContain(fragment);
        expect(out).toContain(REDACTED);
      }),
      { numRuns: 200 },
    );
  });

  it("mixes styles within one occurrence (some characters escaped, others not)", () => {
    expect(redact("a CANARY\\/tok%2D111 b", ["CANARY/tok-111"])).toBe(`a ${REDACTED} b`);
  });

  it("leaves ordinary text alone; a very short secret is still removed where it appears literally", () => {
    expect(redact("nothing here", ["", "secret"])).toBe("nothing here");
    expect(redact("abc abc", ["abc"])).toBe(`${REDACTED} ${REDACTED}`);
  });

  it("removes the longest secret first", () => {
    expect(redact("key1:secret-long", ["key1", "key1:secret-long"])).toBe(REDACTED);
  });
});

describe("Redactor", () => {
  it("learns the parts of an Outseta key:secret header and their base64 pair", () => {
    const r = new Redactor();
    r.addHeaderValues({ authorization: "Outseta CANARY-key/111:CANARY-secret/222", "x-rollout-credential-id": "dev-credential" });
    const pair = "CANARY-key/111:CANARY-secret/222";
    const body = JSON.stringify({
      key: "CANARY-key\\/111",
      secret: "CANARY\\u002dsecret\\/222",
      basic: Buffer.from(pair).toString("base64"),
      credential: "dev-credential",
    });
    const out = r.redact(body);
    expect(out).not.toMatch(/CANARY|111|222/);
    expect(out).not.toContain(Buffer.from(pair).toString("base64").slice(2, 20));
    expect(out).toContain("dev-credential"); // an id, not a secret
  });

  it("redacts each segment of a minted JWT, escaped or not", () => {
    const token = signHs512({ iss: "CANARY-client", sub: "user-1", iat: 1_700_000_000, exp: 1_700_000_900 }, "CANARY-client-secret");
    const r = new Redactor(["CANARY-client-secret"]);
    r.addHeaderValues({ authorization: `Bearer ${token}` });
    const [header, claims, signature] = token.split(".");
    for (const part of [token, header, claims, signature]) {
      for (const [style, encode] of Object.entries(ECHO_STYLES)) {
        const out = r.redact(`x ${encode(part)} y`);
        expect(out, `${style} of ${part.slice(0, 12)}…`).toBe(`x ${REDACTED} y`);
      }
    }
  });

  it("picks up a renewed token after its first redaction", () => {
    const r = new Redactor();
    r.addHeaderValues({ authorization: "Bearer first-token-1" });
    expect(r.redact("first-token-1 second-token-2")).toBe(`${REDACTED} second-token-2`);
    r.addHeaderValues({ authorization: "Bearer second-token-2" });
    expect(r.redact("first-token-1 second-token-2")).toBe(`${REDACTED} ${REDACTED}`);
  });
});
