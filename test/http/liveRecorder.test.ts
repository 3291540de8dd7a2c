/**
 * The --record proxy of `npm run test:live` (test/live/recorder.ts): each id the service chose
 * gets its own placeholder, everywhere it appears (ids, IRIs, paths, list items).
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RecordingProxy } from "../live/recorder";

const A = "0b7c5f7e-0000-4000-8000-00000000000a";
const B = "0b7c5f7e-0000-4000-8000-00000000000b";
const person = (id: string) => ({ "@id": `/people/${id}`, id, emailAddresses: [] });
let target: Server;
let base: string;

beforeAll(async () => {
  // Two people created, then listed in the other order (as RogerRoger's Hydra lists may).
  let created = 0;
  target = createServer((req, res) => {
    res.writeHead(req.method === "DELETE" ? 204 : 200, req.method === "DELETE" ? {} : { "content-type": "application/ld+json" });
    if (req.method === "POST") res.end(JSON.stringify(person(created++ === 0 ? A : B)));
    else if (req.method === "GET") res.end(JSON.stringify({ "@id": "/people", member: [person(B), person(A)] }));
    else res.end();
  });
  await new Promise<void>((resolve) => target.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(target.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => target.close(() => resolve())));

describe("test:live --record", () => {
  it("gives two records seen several times two placeholders, used alike in ids, IRIs and paths", async () => {
    const proxy = new RecordingProxy(base);
    const url = await proxy.start();
    try {
      for (const [method, p] of [["POST", "/people"], ["POST", "/people"], ["GET", "/people"], ["DELETE", `/people/${A}`], ["DELETE", `/people/${B}`]]) {
        await (await fetch(`${url}${p}`, { method, ...(method === "POST" ? { body: "{}", headers: { "content-type": "application/ld+json" } } : {}) })).text();
      }
    } finally {
      await proxy.stop();
    }
    const { exchanges } = proxy.recording("rogerroger", []);
    const [first, second] = [exchanges[0].response.body, exchanges[1].response.body] as Array<{ id: string; "@id": string }>;
    expect(first.id).toMatch(/^<id:\d+>$/);
    expect(second.id).toMatch(/^<id:\d+>$/);
    expect(second.id).not.toBe(first.id);
    expect(first["@id"]).toBe(`/people/${first.id}`);
    expect((exchanges[2].response.body as { member: Array<{ id: string }> }).member.map((m) => m.id)).toEqual([second.id, first.id]);
    expect(exchanges.slice(3).map((e) => e.request.path)).toEqual([`/people/${first.id}`, `/people/${second.id}`]);
    expect(JSON.stringify(exchanges)).not.toMatch(/0b7c5f7e/);
  });
});
