/**
 * The Outseta API where its sources disagree (issue 24, item 4): the provider is right under
 * every answer they allow. A DELETE or GET of a Uid answered 400 (Outseta's spec: "invalid
 * parameters or Uid format") or 405 (a recorded fixture of outseta-api-client: "Could not
 * convert hash ... to long") is an error naming the record, never "already gone"; the page
 * size is read from the answer (25 in the docs, 100 in a recording), never assumed.
 */
import { afterEach, describe, expect, it } from "vitest";
import { createServiceClient } from "../../../provider/http/client";
import { ApiError } from "../../../provider/http/errors";
import { OutsetaApi } from "../../../provider/outseta/api";
import { sendJson, startScriptedServer, type ScriptedServer } from "../../support/scriptedServer";
import { policyOf } from "../../support/services";

let server: ScriptedServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function api(origin: string): OutsetaApi {
  return new OutsetaApi(createServiceClient({ ...policyOf("outseta"), baseUrl: `${origin}/api/v1`, auth: () => ({ authorization: "Outseta k:s" }), retry: { maxAttempts: 1 } }));
}

describe("outseta: answers the sources disagree on", () => {
  it.each([
    [400, { Message: "The request is invalid.", ErrorMessage: "Invalid parameters or Uid format" }],
    [405, { Message: "Could not convert hash not-a-uid to long" }],
  ])("a %i on DELETE or GET is an error naming the record, not 'gone'", async (status, body) => {
    server = await startScriptedServer((_req, res) => sendJson(res, status, body));
    const outseta = api(server.origin);
    for (const call of [() => outseta.deletePerson("not-a-uid"), () => outseta.getPerson("not-a-uid")]) {
      const err = await call().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(ApiError);
      expect((err as ApiError).status).toBe(status);
      expect((err as Error).message).toContain("/crm/people/not-a-uid");
      expect((err as Error).message).toContain(String(status));
    }
  });

  it("a 404 on DELETE is still 'already gone' and on GET 'no such record'", async () => {
    server = await startScriptedServer((_req, res) => sendJson(res, 404, { Message: "Not found" }));
    expect(await api(server.origin).deletePerson("gone-uid")).toBe(false);
    expect(await api(server.origin).getPerson("gone-uid")).toBeUndefined();
  });

  it.each([
    ["metadata.limit", true],
    ["the first page's length", false],
  ])("pages of 25 when 100 were asked for: every person is read (page size from %s)", async (_how, withLimit) => {
    const people = Array.from({ length: 60 }, (_, i) => ({ Uid: `u${i}`, Email: `p${i}@example.com` }));
    server = await startScriptedServer((req, res) => {
      const offset = Number(new URL(req.url, "http://x").searchParams.get("offset"));
      sendJson(res, 200, { metadata: { ...(withLimit ? { limit: 25 } : {}), offset, total: 60 }, items: people.slice(offset * 25, offset * 25 + 25) });
    });
    const read: string[] = [];
    for (let page: Awaited<ReturnType<OutsetaApi["listPeople"]>> | undefined = await api(server.origin).listPeople(); page; page = page.next ? await page.next() : undefined) {
      read.push(...page.items.map((p) => p.Uid!));
    }
    expect(read).toEqual(people.map((p) => p.Uid));
    expect(server.calls.map((c) => new URL(c.url, "http://x").searchParams.get("offset"))).toEqual(["0", "1", "2"]);
  });
});
