/**
 * Renames are safe (issue #12), end to end with the real CLI on the Rollout emulator (its
 * 1 request/s limit on): with `aliases` a rename changes nothing and sends no request;
 * without it, the create refuses and names `aliases` first; with `importId` instead, the new
 * resource adopts the member and the old resource's delete is skipped with a warning, so
 * the member is never deleted.
 */
import * as path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { failureText } from "../support/crm";
import { EmulatorAdmin, requestsSince, startEmulators, type RunningEmulators } from "../support/emulators";
import { createTestStack, repoRoot, type TestStack } from "../support/stack";

let emu: RunningEmulators;
let admin: EmulatorAdmin;
let t: TestStack;
const ada = { email: "ada@example.com", name: "Ada Lovelace", teamAdmin: true };
const setUsers = (users: Record<string, unknown>) => t.stack.setConfig("rollout-users:users", { value: JSON.stringify(users) });

beforeAll(async () => {
  emu = await startEmulators({ log: () => {} });
  admin = new EmulatorAdmin(emu.adminUrls.rollout);
  t = await createTestStack({
    workDir: path.join(repoRoot, "test/e2e/programs/rollout-users"),
    config: { "rollout:apiUrl": emu.urls.rollout, "rollout-users:users": JSON.stringify({ ada }) },
    secretConfig: { "rollout:apiToken": "dev-rollout-token" },
  });
}, 120_000);
afterAll(async () => {
  await t?.dispose({ destroy: false }); // the emulators stop next, and their records with them
  await emu?.stop();
});

const members = async (): Promise<string[]> => ((await admin.state()).users ?? Object.values(await admin.state())[0]).map((u: any) => u.email).sort();

describe("renames (real CLI, Rollout emulator)", () => {
  it("aliases: no change, no request; no aliases: refused naming aliases first; importId: the delete is skipped, the member stays", async () => {
    await t.stack.up();
    expect(await members()).toEqual(["ada@example.com"]);

    // 1. With aliases: the engine moves the state; the provider sees nothing to do.
    await setUsers({ "Ada-Lovelace": { ...ada, aliases: ["ada"] } });
    let mark = (await admin.requests()).length;
    await t.stack.preview({ expectNoChanges: true });
    const renamed = await t.stack.up();
    expect(renamed.summary.resourceChanges).toEqual({ same: 2 });
    expect(await requestsSince(admin, mark)).toEqual([]);
    expect((await t.resources()).map((r) => r.urn.split("::").pop())).toEqual(["Ada-Lovelace"]);

    // 2. Without aliases, without importId, declaring other access: the create refuses, naming
    // aliases before importId, and nothing is written.
    await setUsers({ "ada-l": { ...ada, teamAdmin: false } });
    const refused = await failureText(t.stack.up());
    const message = refused.slice(refused.indexOf("ada@example.com is already a team member"));
    expect(message).toContain("aliases");
    expect(message.indexOf("aliases")).toBeLessThan(message.indexOf("importId"));
    expect(await members()).toEqual(["ada@example.com"]);

    // 2b. Without aliases, declaring exactly the live member: the create adopts it by e-mail
    // (as after a lost response), and the old resource's delete is skipped, not sent.
    await setUsers({ "ada-l": ada });
    mark = (await admin.requests()).length;
    const adoptedRename = await t.stack.up();
    expect(adoptedRename.summary.resourceChanges).toMatchObject({ create: 1, delete: 1 });
    expect((await requestsSince(admin, mark)).filter((r) => r.method !== "GET")).toEqual([]);
    expect(adoptedRename.stdout + adoptedRename.stderr).toContain("not deleting team member ada@example.com: another RolloutUser of this stack took it over in this update (adopted by e-mail");
    expect(await members()).toEqual(["ada@example.com"]);

    // 3. Without aliases, with importId: adopted by the new resource, the old one's delete skipped.
    await setUsers({ "ada-3": { ...ada, importId: "ada@example.com" } });
    mark = (await admin.requests()).length;
    const moved = await t.stack.up();
    expect(moved.summary.resourceChanges).toMatchObject({ create: 1, delete: 1 });
    const sent = await requestsSince(admin, mark);
    expect(sent.filter((r) => r.method !== "GET")).toEqual([]);
    expect(moved.stdout + moved.stderr).toContain("not deleting team member ada@example.com: another RolloutUser of this stack took it over in this update (adopted with importId");
    expect(await members()).toEqual(["ada@example.com"]);
    expect((await t.resources()).map((r) => r.urn.split("::").pop())).toEqual(["ada-3"]);
    await t.stack.preview({ expectNoChanges: true });
  }, 600_000);
});
