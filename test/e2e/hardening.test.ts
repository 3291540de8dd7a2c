/**
 * Issue #11, cases 5, 6 (the engine's log), 7 and 8 with the real Pulumi CLI on RogerRoger (the emulator, and a
 * server that never answers): what a user sees when a request hangs, when input is bad, and
 * when the API refuses a delete or fails every read of a refresh. Errors must be messages,
 * never stack traces, whichever provider method the dynamic-provider host runs (it prints
 * `${e}: ${e.stack}` for check, diff, read and delete). Kept lean: one CLI run per case.
 */
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ROGERROGER_DEV_KEY, startRogerRogerEmulator, type RunningService } from "../../emulators";
import { EmulatorAdmin } from "../support/emulators";
import { failureText, setCrmRecords } from "../support/crm";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";

let emu: RunningService;
let admin: EmulatorAdmin;
let t: TestStack;

const ann = { crm: "rogerroger", givenName: "Ann", familyName: "Doe", emails: ["ann@example.com"] };

/** A JavaScript stack frame, or the name of an error class printed by `${e}`. */
const STACK_FRAME = /^\s+at .+(\(|:\d+:\d+)|\b(ApiError|OutcomeUnknownError|ProviderError|TypeError): |node_modules\//m;

function expectNoStackTrace(text: string): void {
  const found = STACK_FRAME.exec(text);
  expect(found, `a stack trace in:\n${text}`).toBeNull();
}

beforeAll(async () => {
  emu = await startRogerRogerEmulator({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrl);
  await admin.reset({ rateLimit: false });
  t = await createTestStack({
    workDir: path.join(repoRoot, "test/e2e/programs/crm"),
    stackName: `hardening-${Date.now().toString(36)}`,
    config: { "rogerroger:apiUrl": emu.url },
    secretConfig: { "rogerroger:apiKey": ROGERROGER_DEV_KEY },
  });
  await setCrmRecords(t, { ann });
  await t.stack.up();
  await admin.since();
});
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emu?.stop();
});

describe("errors are messages, not stack traces (case 8)", () => {
  it("a delete refused with 403", async () => {
    const [id] = (await admin.state()).people.map((p: { id: string }) => p.id);
    await admin.faults({ rate: 1, statuses: [403], methods: ["DELETE"] });
    await setCrmRecords(t, {});
    const text = await failureText(t.stack.up());
    await admin.faults({});
    expect(text).toContain(`rogerroger: DELETE /people/${id} failed with 403`);
    expectNoStackTrace(text);
    expect((await admin.state()).people).toHaveLength(1);
    await setCrmRecords(t, { ann });
  });

  it("a refresh whose every read answers 500", async () => {
    await admin.faults({ rate: 1, statuses: [500], methods: ["GET"] });
    const text = await failureText(t.stack.refresh());
    await admin.faults({});
    expect(text).toMatch(/rogerroger: GET \/people\S* failed with 500/);
    expectNoStackTrace(text);
  });
});

describe("bad input fails at preview, naming the field, with no request (case 7)", () => {
  it("native fields of the wrong type or unknown, and an array where a string belongs", async () => {
    await admin.since();
    // One resource: the engine stops the preview at the first resource that fails check.
    await setCrmRecords(t, {
      ann: { ...ann, familyName: ["Roe"], emails: [["ann@example.com"]], fields: { honorificPrefix: 5, customerId: { a: 1 }, Foo: "bar" } },
    });
    const text = await failureText(t.stack.preview());
    expect(text).toMatch(/fields\.honorificPrefix.*must be a string/);
    expect(text).toMatch(/fields\.customerId.*must be a string/);
    expect(text).toMatch(/familyName must be a string/);
    expect(text).toMatch(/emails\[0\] must be a string/);
    expect(text).toMatch(/fields\.Foo.*RogerRoger has no writable property "Foo"/);
    expectNoStackTrace(text);
    expect(await admin.since()).toEqual([]);
    await setCrmRecords(t, { ann });
  });
});

describe("a request that never completes (case 5)", () => {
  let silent: Server;
  beforeAll(async () => {
    // Accepts connections and requests, and never answers.
    silent = createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, "127.0.0.1", resolve));
  });
  afterAll(async () => {
    silent.closeAllConnections();
    await new Promise((resolve) => silent.close(resolve));
  });

  it("fails the up within its deadline, naming the service, method, path and setting", async () => {
    const { port } = silent.address() as AddressInfo;
    await t.stack.setAllConfig({
      "rogerroger:apiUrl": { value: `http://127.0.0.1:${port}` },
      "rogerroger:requestTimeoutSeconds": { value: "3" },
    });
    await setCrmRecords(t, { ann, bob: { crm: "rogerroger", familyName: "Roe", emails: ["bob@example.com"] } });
    const started = Date.now();
    const text = await failureText(t.stack.up());
    const seconds = (Date.now() - started) / 1000;
    expect(text).toMatch(/rogerroger: (GET|POST) \/people\S* did not complete within 3 s/);
    expect(text).toContain("rogerroger:requestTimeoutSeconds");
    expectNoStackTrace(text);
    // The CLI's own start-up and the program take a few seconds on a loaded machine.
    expect(seconds).toBeLessThan(60);
    await t.stack.setAllConfig({ "rogerroger:apiUrl": { value: emu.url } });
    await t.stack.removeConfig("rogerroger:requestTimeoutSeconds");
    await setCrmRecords(t, { ann });
  });
});

describe("credentials in the engine's -v=9 log (case 6)", () => {
  it("an environment variable never reaches it; a stack config secret does (as the README warns)", async () => {
    const other = await createTestStack({
      workDir: path.join(repoRoot, "test/e2e/programs/crm"),
      stackName: `hardening-env-${Date.now().toString(36)}`,
      config: { "rogerroger:apiUrl": emu.url },
      // A config secret the program never uses: the engine logs every provider config value.
      secretConfig: { "outseta:secretKey": "CANARY-config-secret-888" },
      env: { ROGERROGER_API_KEY: ROGERROGER_DEV_KEY },
    });
    try {
      await setCrmRecords(other, { eve: { crm: "rogerroger", familyName: "Env", emails: ["eve@example.com"] } });
      const up = await other.stack.up({ logVerbosity: 9, logToStdErr: true });
      const log = `${up.stdout}\n${up.stderr}`;
      expect(up.summary.resourceChanges).toMatchObject({ create: 2 });
      expect(log).toMatch(/Configure\(\)\.inputs/); // the -v=9 lines are there
      expect(log).not.toContain(ROGERROGER_DEV_KEY); // used for the POST, never logged
      expect(log).toContain("CANARY-config-secret-888"); // why the README says: env vars in CI
    } finally {
      await other.dispose();
    }
  });
});
