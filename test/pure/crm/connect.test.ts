/** One connect for the REST CRMs (provider/crm/connect.ts): client, write-through caches, paged reader, e-mail lookup. */
import { describe, expect, it } from "vitest";
import { processRun } from "../../../provider/core/freshness";
import { KeyLookup, type KeyLookupOptions } from "../../../provider/core/keyLookup";
import { connectCrm, type CrmConnection } from "../../../provider/crm/connect";
import type { ServiceClient } from "../../../provider/http/client";
import type { ClientOptions, ConnectKit } from "../../../provider/plugin/profile";

type Person = { id: string; email: string };

/** A CRM of people held in a map, recording every request its API and its lookup make. */
function fakeCrm() {
  const requests: string[] = [];
  const held = new Map<string, Person>([["1", { id: "1", email: "a@example.com" }]]);
  const clients: ClientOptions[] = [];
  const kit: ConnectKit = {
    config: undefined as never, // connectCrm reads no setting: the profile does, before it
    batchMs: 0,
    run: processRun,
    client: (options) => {
      clients.push(options);
      return {} as ServiceClient;
    },
  };
  const api = {
    async listPeople() {
      requests.push("GET /people");
      return { items: [...held.values()], total: held.size };
    },
    async getPerson(id: string) {
      requests.push(`GET /people/${id}`);
      return held.get(id);
    },
    createPerson: () => Promise.reject(new Error("not called")),
    updatePerson: () => Promise.reject(new Error("not called")),
    deletePerson: () => Promise.reject(new Error("not called")),
  };
  const lookup = (_api: typeof api, options: KeyLookupOptions) =>
    new KeyLookup<Person>(
      {
        load: async () => {
          requests.push("GET /people (lookup)");
          return { all: [...held.values()] };
        },
        keysOf: (p) => [p.email],
        idOf: (p) => p.id,
      },
      options,
    );
  const connection = (writes: CrmConnection<typeof api, Person>["writes"]): CrmConnection<typeof api, Person> => ({
    client: { baseUrl: "https://crm.example.com/api", auth: () => ({ authorization: "Bearer key" }), secrets: ["key"] },
    api: () => api,
    pageSize: 10,
    idOf: (p) => p.id,
    lookup,
    writes,
  });
  return { requests, held, clients, kit, connection };
}

describe("connectCrm", () => {
  it("builds one client with the profile's options, whose writes keep the reader and the lookup current", async () => {
    const crm = fakeCrm();
    const service = connectCrm(crm.kit, crm.connection(/^\/people\/([^/?]+)/));
    expect(crm.clients).toHaveLength(1);
    expect(crm.clients[0]).toMatchObject({ baseUrl: "https://crm.example.com/api", secrets: ["key"] });
    const onWrite = crm.clients[0]!.onWrite!;

    expect(await service.people.get("1")).toEqual({ id: "1", email: "a@example.com" });
    expect((await service.peopleByEmail.find("a@example.com")).map((p) => p.id)).toEqual(["1"]);
    expect(crm.requests).toEqual(["GET /people", "GET /people (lookup)"]);

    // A create answered: both caches hold the new person, no request reads it back.
    onWrite({ method: "POST", path: "/people" }, { ok: true, status: 201, body: { id: "2", email: "b@example.com" } });
    expect(await service.people.get("2")).toEqual({ id: "2", email: "b@example.com" });
    expect((await service.peopleByEmail.find("b@example.com")).map((p) => p.id)).toEqual(["2"]);
    expect(crm.requests).toEqual(["GET /people", "GET /people (lookup)"]);

    // A delete answered: the person is read on its own again (gone), and holds its e-mail no more.
    onWrite({ method: "DELETE", path: "/people/2" }, { ok: true, status: 204, body: undefined });
    expect(await service.people.get("2")).toBeUndefined();
    expect(await service.peopleByEmail.find("b@example.com")).toEqual([]);
    expect(crm.requests).toEqual(["GET /people", "GET /people (lookup)", "GET /people/2"]);
  });

  it("hands a CRM with caches of its own the service, and makes its onWrite the client's", () => {
    const crm = fakeCrm();
    const written: string[] = [];
    let given: unknown;
    const service = connectCrm(
      crm.kit,
      crm.connection((s) => {
        given = s;
        return (req) => written.push(`${req.method} ${req.path}`);
      }),
    );
    expect(given).toBe(service);
    crm.clients[0]!.onWrite!({ method: "POST", path: "/people/1/notes" }, { ok: true, status: 201, body: {} });
    expect(written).toEqual(["POST /people/1/notes"]);
  });
});
