/**
 * Issue #11, case 6: no credential in any output, whatever encoding a server echoes it in.
 * A real node:http server on port 0 answers every request of each service's real client
 * (its own credential wiring: Bearer token, X-API-KEY, `Outseta key:secret`, a minted JWT)
 * with a 4xx or 5xx body that echoes the credentials in every style of ECHO_STYLES, as a
 * base64 `key:secret` pair and as each segment of a JWT, in the service's own error shape.
 * Nothing of them may be left in the error's message, body or stack.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ApiError } from "../../provider/http/errors";
import { resetSharedHttp, sharedLimiter } from "../../provider/http/registry";
import { systemClock } from "../../provider/http/clock";
import { outseta, rogerroger, rollout, rolloutCrm } from "../../provider/registry";
import { ECHO_STYLES, sendJson, startScriptedServer, type RecordedRequest, type ScriptedServer } from "../support/scriptedServer";
import { testContext } from "../support/services";

// Canary credentials, with the characters encoders escape (/, -, +, =).
const ROLLOUT_TOKEN = "CANARY-rollout/tok+111==";
const RR_KEY = "CANARY-rr/key-222";
const OUTSETA_KEY = "CANARY-os/key-333";
const OUTSETA_SECRET = "CANARY-os/secret-444";
const CRM_CLIENT_SECRET = "CANARY-crm/client-secret-555";

/** Every piece of a credential header a server could quote: the value, its parts, base64. */
function echoedPieces(header: string): string[] {
  const credentials = header.slice(header.indexOf(" ") + 1);
  const pieces = new Set([header, credentials, ...credentials.split(":"), ...credentials.split(".")]);
  return [...pieces].filter((p) => p.length >= 8);
}

/** An error body in the service's shape whose text echoes the credentials in every style. */
function echoBody(service: string, req: RecordedRequest, status: number): unknown {
  const header = String(req.headers.authorization ?? req.headers["x-api-key"]);
  const styles: Record<string, string> = {};
  for (const piece of echoedPieces(header)) {
    for (const [style, encode] of Object.entries(ECHO_STYLES)) styles[`${style} #${Object.keys(styles).length}`] = encode(piece);
  }
  const credentials = header.slice(header.indexOf(" ") + 1);
  styles.base64 = Buffer.from(credentials).toString("base64");
  styles.basic = `Basic ${Buffer.from(credentials).toString("base64")}`;
  styles.base64url = Buffer.from(`u=${credentials}`).toString("base64url");
  const text = `request failed; headers were ${Object.values(styles).join(" | ")}`;
  const request = { headers: styles, url: req.url };
  switch (service) {
    case "rollout":
      return { message: text, request };
    case "rogerroger":
      return { title: "An error occurred", status, detail: text, request };
    case "outseta":
      return { ErrorMessage: text, PropertyName: "Email", request };
    default:
      return { error: text, request };
  }
}

/** True when `text` holds a credential, or a visible piece of one, in any style. */
function leaks(text: string): string | undefined {
  const secrets = [ROLLOUT_TOKEN, RR_KEY, OUTSETA_KEY, OUTSETA_SECRET, CRM_CLIENT_SECRET, `${OUTSETA_KEY}:${OUTSETA_SECRET}`];
  if (/CANARY/i.test(text)) return "CANARY";
  for (const secret of secrets) {
    const b64 = Buffer.from(secret).toString("base64");
    if (text.includes(b64.slice(4, 16))) return `base64 of ${secret}`;
  }
  for (const jwt of minted) for (const part of jwt.split(".")) if (part.length > 10 && text.includes(part.slice(2, 12))) return `JWT part ${part}`;
  return undefined;
}

const minted: string[] = [];
let server: ScriptedServer;
let statusOf: (req: RecordedRequest) => number;

beforeAll(async () => {
  server = await startScriptedServer((req, res) => {
    const auth = String(req.headers.authorization ?? "");
    if (auth.startsWith("Bearer ey")) minted.push(auth.slice(7));
    const service = req.url.startsWith("/rollout/") ? "rollout" : req.url.startsWith("/rr/") ? "rogerroger" : req.url.startsWith("/os/") ? "outseta" : "rolloutCrm";
    const status = statusOf(req);
    sendJson(res, status, echoBody(service, req, status), {}, service === "rogerroger" ? "application/problem+json" : "application/json");
  });
  // No pacing for these few requests (the first limiter of a key wins).
  for (const key of ["rollout", "rogerroger", "outseta", "rolloutCrm"]) sharedLimiter(key, { kind: "none" }, systemClock);
});
afterAll(async () => {
  await server.close();
  await resetSharedHttp();
});

async function failure(run: () => Promise<unknown>): Promise<ApiError> {
  try {
    await run();
  } catch (err) {
    expect(err).toBeInstanceOf(ApiError);
    return err as ApiError;
  }
  throw new Error("expected the request to fail");
}

function expectNoLeak(err: ApiError): void {
  for (const [what, text] of Object.entries({ message: err.message, body: JSON.stringify(err.body), stack: String(err.stack), apiMessage: err.apiMessage })) {
    expect(leaks(text), `${what}: ${text.slice(0, 400)}`).toBeUndefined();
  }
  expect(err.message).toContain("[redacted]");
}

// Statuses that are answered at once (no retry): a 4xx of every kind, and 500 on a write
// that is not repeated (POST; Rollout's JSON Patch PATCH).
const CASES: [string, number][] = [
  ["GET", 400],
  ["GET", 401],
  ["GET", 403],
  ["GET", 422],
  ["write", 500],
];

const rolloutService = () => testContext({ "rollout:apiToken": ROLLOUT_TOKEN, "rollout:apiUrl": `${server.origin}/rollout` }).service(rollout);

const services: Record<string, { get: () => Promise<unknown>; post: () => Promise<unknown> }> = {
  rollout: {
    get: () => rolloutService().api.getUser("ann@example.com"),
    post: () => rolloutService().api.patchUser("ann@example.com", []),
  },
  rogerroger: (() => {
    const rr = () => testContext({ "rogerroger:apiKey": RR_KEY, "rogerroger:apiUrl": `${server.origin}/rr` }).service(rogerroger);
    return { get: () => rr().api.getPerson("p1"), post: () => rr().api.createPerson({ familyName: "Doe" }) };
  })(),
  outseta: (() => {
    const os = () => testContext({ "outseta:apiKey": OUTSETA_KEY, "outseta:secretKey": OUTSETA_SECRET, "outseta:apiUrl": `${server.origin}/os` }).service(outseta);
    return { get: () => os().api.getPerson("abcdefgh"), post: () => os().api.createPerson({ Email: "ann@example.com" }) };
  })(),
  rolloutCrm: (() => {
    const crm = () =>
      testContext({
        "rolloutCrm:clientId": "client-1",
        "rolloutCrm:clientSecret": CRM_CLIENT_SECRET,
        "rolloutCrm:userId": "user-1",
        "rolloutCrm:apiUrl": `${server.origin}/crm`,
        "rolloutCrm:credentialsUrl": `${server.origin}/crm`,
        "rolloutCrm:credentialId": "cred-1",
      }).service(rolloutCrm);
    return { get: () => crm().api.getPerson("p1"), post: () => crm().api.createPerson({ firstName: "Ann" }) };
  })(),
};

describe.each(Object.keys(services))("%s: an error body echoing the credentials", (name) => {
  it.each(CASES)("%s answered %i", async (method, status) => {
    statusOf = () => status;
    const service = services[name];
    const err = await failure(method === "GET" ? service.get : service.post);
    expect(err.status).toBe(status);
    // Outseta's flat validation shape: the message names its PropertyName.
    if (name === "outseta") expect(err.message).toContain(`failed with ${status}: Email: request failed`);
    expectNoLeak(err);
  });

});

it("rolloutCrm: the discovery of the credential id, too", async () => {
  statusOf = () => 403;
  const crm = testContext({
    "rolloutCrm:clientId": "client-1",
    "rolloutCrm:clientSecret": CRM_CLIENT_SECRET,
    "rolloutCrm:userId": "user-1",
    "rolloutCrm:apiUrl": `${server.origin}/crm`,
    "rolloutCrm:credentialsUrl": `${server.origin}/crm-credentials`,
  }).service(rolloutCrm);
  const err = await failure(() => crm.api.getPerson("p1"));
  expect(err.path).toBe("/credentials");
  expectNoLeak(err);
});

it("the canaries do reach the server (the test would catch a leak)", () => {
  const seen = server.calls.map((c) => `${c.headers.authorization ?? ""} ${c.headers["x-api-key"] ?? ""}`).join("\n");
  for (const secret of [ROLLOUT_TOKEN, RR_KEY, OUTSETA_KEY, OUTSETA_SECRET]) expect(seen).toContain(secret);
  expect(minted.length).toBeGreaterThan(0);
});
