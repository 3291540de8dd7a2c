/**
 * A RolloutUser renamed without `aliases` (issue 25): the new resource adopts the member and
 * the old one's delete is skipped, and the warning names both resources, which reach the
 * provider as an input that `diff` ignores.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { ROLLOUT_DEV_TOKEN, startRolloutEmulator } from "../../emulators";
import { resetSharedHttp } from "../../provider/http";
import { rollout } from "../../provider/registry";
import { rolloutUserProvider } from "../../provider/rollout/provider";
import { EmulatorAdmin } from "../support/emulators";
import { present, withOuts } from "../support/results";
import { testContext } from "../support/services";

let emulator: Awaited<ReturnType<typeof startRolloutEmulator>>;
let admin: EmulatorAdmin;

beforeAll(async () => {
  emulator = await startRolloutEmulator({ port: 0 });
  admin = new EmulatorAdmin(emulator.adminUrl);
  await admin.settings({ rateLimit: false });
});
afterAll(async () => {
  await resetSharedHttp();
  await emulator.stop();
});

describe("a rename without aliases", () => {
  it("warns naming the new resource and the old one, and deletes nothing", async () => {
    // One provider per update: each update's claims belong to its own context.
    const update = () => rolloutUserProvider(testContext({ "rollout:apiUrl": emulator.url, "rollout:apiToken": ROLLOUT_DEV_TOKEN }, { rollout: { pacing: { kind: "none", key: "rename-names" } } }), rollout);
    const provider = update();
    const old = await provider.check({} as never, { email: "ada@example.com", name: "Ada", __resourceName: "ada" } as never);
    expect(old.failures).toBeUndefined();
    const oldInputs = present(old.inputs, "check's inputs");
    expect(oldInputs.__resourceName).toBe("ada");
    const created = withOuts(await provider.create(oldInputs));
    expect(created.outs.__resourceName).toBe("ada");
    // The name is never a change, and a refresh keeps it (in the outputs and the inputs).
    expect((await provider.diff("ada@example.com", created.outs, { ...oldInputs, __resourceName: "other" })).changes).toBe(false);
    const read = await provider.read("ada@example.com", created.outs);
    expect([read.props?.__resourceName, read.inputs?.__resourceName]).toEqual(["ada", "ada"]);

    const next = update(); // a new update: the renamed resource adopts the member by e-mail
    const renamed = present((await next.check({} as never, { email: "ada@example.com", name: "Ada", __resourceName: "ada-lovelace" } as never)).inputs, "check's inputs");
    const stderr = vi.spyOn(process.stderr, "write").mockImplementation(() => true);
    try {
      await next.create(renamed);
      const mark = (await admin.requests()).length;
      await next.delete("ada@example.com", created.outs);
      expect(String(stderr.mock.calls.at(-1)?.[0])).toContain(
        "not deleting team member ada@example.com: another RolloutUser of this stack took it over in this update (adopted by e-mail) and manages it now: " +
          "'ada-lovelace' adopted the member 'ada' managed; the delete of 'ada' is skipped.",
      );
      expect((await admin.requests()).slice(mark)).toEqual([]);
    } finally {
      stderr.mockRestore();
    }
  });
});
