/**
 * Issue 22 items 1 and 11: what a service answers reaches the engine's and the CLI's output
 * inert, and no URL is echoed with its user info. A real server on port 0 answers with
 * control characters in its error body, as text and as the service's JSON error shape.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createServiceClient } from "../../provider/http/client";
import { FakeClock } from "../../provider/http/clock";
import { ApiError, extractApiMessage, statusMessage } from "../../provider/http/errors";
import { resetSharedHttp } from "../../provider/http/registry";
import { displayUrl, validateBaseUrl } from "../../provider/http/url";
import { warn } from "../../provider/runtime/engineLog";
import { presentable } from "../../provider/runtime/errors";
import { hasRawControl, HOSTILE_VALUES } from "../support/inert";
import { startScriptedServer, type ScriptedServer } from "../support/scriptedServer";
import { policyOf } from "../support/services";

const servers: ScriptedServer[] = [];
afterEach(async () => {
  await resetSharedHttp();
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function failingWith(contentType: string, body: string): Promise<ApiError> {
  const server = await startScriptedServer((_req, res) => {
    res.writeHead(400, { "content-type": contentType });
    res.end(body);
  });
  servers.push(server);
  const policy = policyOf("rollout");
  const c = createServiceClient({ ...policy, baseUrl: server.origin, auth: () => ({ authorization: "Bearer tok-123456" }), pacing: { kind: "none" }, clock: new FakeClock() });
  const err = await c.request({ method: "GET", path: "/users" }).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(ApiError);
  return err as ApiError;
}

describe("API error texts are inert", () => {
  it("escapes a text error body: `bad\\x1b[31mRED\\r` colours and overprints nothing", async () => {
    const err = await failingWith("text/plain", "bad\u001b[31mRED\r");
    expect(err.message).toBe("rollout: GET /users failed with 400: bad\\x1b[31mRED.");
    expect(hasRawControl(err.message)).toBe(false);
  });

  it.each(HOSTILE_VALUES)("escapes the service's own JSON error text %j", async (value) => {
    const err = await failingWith("application/json", JSON.stringify({ message: value, error: value }));
    expect(err.message).not.toContain("\n");
    expect(hasRawControl(err.message)).toBe(false);
    expect(hasRawControl(err.apiMessage)).toBe(false);
  });

  it("escapes in the pure readers too, whatever parser found the text", () => {
    expect(extractApiMessage([(b) => String(b.m)], { m: "a\u001b[2Jb\nc" }, "")).toBe("a\\x1b[2Jb\\nc");
    expect(statusMessage({ service: "s", method: "GET", path: "/p\u202e", status: 400, apiMessage: "" })).toBe("s: GET /p\\u202e failed with 400.");
  });

  it("escapes what reaches the engine, keeping the message's own lines", () => {
    const err = presentable(new Error("rollout: GET /users failed\u001b[8m\r\nhidden"), {}) as Error;
    expect(err.message).toBe("rollout: GET /users failed\\x1b[8m\\r\nhidden");
    expect(`${err}: ${err.stack}`).toBe("rollout: GET /users failed\\x1b[8m\\r\nhidden");
  });

  it("escapes the provider's warnings, which quote ids read from a service", async () => {
    const shown: string[] = [];
    await warn("rogerroger: person 1\u001b[2J\r is managed by two CrmPersons", (m) => shown.push(m));
    expect(shown).toEqual(["rogerroger: person 1\\x1b[2J\\r is managed by two CrmPersons"]);
  });
});

describe("URLs are echoed without user info (item 11)", () => {
  const setting = "rollout:apiUrl";
  const messageOf = (url: string): string => {
    try {
      validateBaseUrl(url, setting);
    } catch (e) {
      return (e as Error).message;
    }
    throw new Error(`${url} was accepted`);
  };

  it.each([
    "http://user:hunter2@exa mple.com/api", // does not parse
    "http://user:hunter2@[::1/api", // does not parse
    "user:hunter2@example.com/api", // no scheme
    "ftp://user:hunter2@example.com/api", // parses, wrong scheme
    "https://user:hunter2@example.com/api", // parses, user info
    "https://example.com/api?token=hunter2", // a query
    "http://example.com/api#hunter2", // a fragment
  ])("never shows the secret of %s", (url) => {
    const message = messageOf(url);
    expect(message).toMatch(/^rollout:apiUrl: /);
    expect(message).not.toContain("hunter2");
    expect(message).not.toMatch(/user:[^)]/);
  });

  it("shows the rest of the URL, escaped", () => {
    expect(displayUrl("http://user:hunter2@exa mple.com/api")).toBe("http://exa mple.com/api");
    expect(displayUrl("https://example.com/api?token=hunter2")).toBe("https://example.com/api?…");
    expect(displayUrl("https://exa\u001b[2Jmple.com")).toBe("https://exa\\x1b[2Jmple.com");
  });
});
