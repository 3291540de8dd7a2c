import { applyPatch, deepClone } from "fast-json-patch";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { UNKNOWN } from "../../provider/core/check";
import { checkRolloutUser } from "../../provider/rollout/check";
import { fromApiUser, managedView, normalizeApplications } from "../../provider/rollout/mapping";
import { rolloutUserProvider, userPatch } from "../../provider/rollout/provider";
import { rollout } from "../../provider/registry";
import { untouchedContext } from "../support/services";
import type { RolloutUserInputs, RolloutUserOutputs } from "../../provider/rollout/types";

const APP = "5f1175a8f8daa545e28c8aa2";
const APP2 = "5f1175a8f8daa545e28c8aa3";

describe("RolloutUser check", () => {
  it("normalises: lower-cased e-mail, teamAdmin false, no access", () => {
    const { inputs, failures } = checkRolloutUser({ email: " Joe.Smith@Acme.Example " });
    expect(failures.list).toEqual([]);
    expect(inputs).toEqual({ email: "joe.smith@acme.example", teamAdmin: false, applications: {} });
  });

  it.each([
    [{}, "email"],
    [{ email: "not-an-email" }, "email"],
    [{ email: "a@b.io", teamAdmin: "yes" }, "teamAdmin"],
    [{ email: "a@b.io", name: 42 }, "name"],
    [{ email: "a@b.io", applications: { "not-hex": { environments: {} } } }, "applications.not-hex"],
    [{ email: "a@b.io", applications: { [APP]: { environments: { Production: "admin" } } } }, `applications.${APP}.environments.Production`],
    [{ email: "a@b.io", applications: { [APP]: { envs: {} } } }, `applications.${APP}.envs`],
    [{ email: "a@b.io", applications: [] }, "applications"],
    [{ email: "a@b.io", teamadmin: true }, "teamadmin"],
    [{ email: "a@b.io", importId: "nope" }, "importId"],
  ])("fails %j naming %s", (news, property) => {
    const { failures } = checkRolloutUser(news);
    expect(failures.list.map((f) => f.property)).toContain(property);
    for (const f of failures.list) expect(f.reason.length).toBeGreaterThan(5);
  });

  it("lets unknown values through during a preview", () => {
    const { failures } = checkRolloutUser({ email: UNKNOWN, name: UNKNOWN, applications: UNKNOWN });
    expect(failures.list).toEqual([]);
  });

  it("ignores the host's __provider key", () => {
    const { failures } = checkRolloutUser({ email: "a@b.io", __provider: "exports.handler = ..." });
    expect(failures.list).toEqual([]);
  });
});

describe("RolloutUser mapping", () => {
  it("maps the API's view to the model: name defaults to the e-mail, empty applications dropped", () => {
    expect(
      fromApiUser({
        email: "Joe@Acme.Example",
        applications: { [APP]: { environments: { Production: "read" } }, [APP2]: { environments: {} } },
      }),
    ).toEqual({
      email: "joe@acme.example",
      name: "Joe@Acme.Example".toLowerCase(),
      teamAdmin: false,
      applications: { [APP]: { environments: { Production: "read" } } },
    });
  });

  it("normalisation is idempotent", () => {
    fc.assert(
      fc.property(applicationsArb, (apps) => {
        const once = normalizeApplications(apps);
        expect(normalizeApplications(once)).toEqual(once);
      }),
    );
  });
});

const permissionArb = fc.constantFrom("read" as const, "write" as const);
const envNameArb = fc.oneof(fc.constantFrom("Production", "Staging", "a/b", "t~1", "Dev Env"), fc.string({ minLength: 1, maxLength: 6 }));
const appIdArb = fc.constantFrom(APP, APP2, "0123456789abcdef01234567");
const applicationsArb = fc.dictionary(appIdArb, fc.record({ environments: fc.dictionary(envNameArb, permissionArb, { maxKeys: 4 }) }), {
  maxKeys: 3,
});
const userArb = fc.record({
  name: fc.option(fc.string({ maxLength: 8 }), { nil: undefined }),
  teamAdmin: fc.boolean(),
  applications: applicationsArb,
});

describe("RolloutUser patch (RFC 6902)", () => {
  it("applying the patch to the live user gives the program's user", () => {
    fc.assert(
      fc.property(userArb, userArb, (liveUser, desiredUser) => {
        const live: RolloutUserOutputs = fromApiUser({ email: "a@b.io", ...liveUser, name: liveUser.name ?? "a@b.io" });
        const desired: RolloutUserInputs = { email: "a@b.io", ...desiredUser };
        if (desired.name === undefined) delete desired.name;
        const manageName = desired.name !== undefined;
        const patched = applyPatch(deepClone(managedView(live, manageName)), userPatch(live, desired), true, false).newDocument;
        expect(patched).toEqual(managedView(desired, manageName));
      }),
    );
  });

  it("is empty when nothing changed", () => {
    fc.assert(
      fc.property(userArb, (u) => {
        const live = fromApiUser({ email: "a@b.io", ...u, name: u.name ?? "a@b.io" });
        expect(userPatch(live, { email: "a@b.io", ...u, name: live.name })).toEqual([]);
      }),
    );
  });

  it("changes one permission with one replace operation", () => {
    const live = fromApiUser({ email: "a@b.io", name: "A", teamAdmin: false, applications: { [APP]: { environments: { Production: "read" } } } });
    const desired: RolloutUserInputs = { email: "a@b.io", name: "A", teamAdmin: false, applications: { [APP]: { environments: { Production: "write" } } } };
    expect(userPatch(live, desired)).toEqual([{ op: "replace", path: `/applications/${APP}/environments/Production`, value: "write" }]);
  });

  it("leaves the name alone when the program does not set it", () => {
    const live = fromApiUser({ email: "a@b.io", name: "Set by hand", teamAdmin: false, applications: {} });
    expect(userPatch(live, { email: "a@b.io", teamAdmin: true, applications: {} })).toEqual([{ op: "replace", path: "/teamAdmin", value: true }]);
  });
});

describe("RolloutUser diff", () => {
  const provider = rolloutUserProvider(untouchedContext("diff must not touch the service"), rollout);
  const olds: RolloutUserOutputs = { email: "a@b.io", name: "A", teamAdmin: false, applications: { [APP]: { environments: { Production: "read" } } } };

  it("reports no change for the same user, whatever the e-mail's case or key order", async () => {
    const news: RolloutUserInputs = { email: "a@b.io", name: "A", teamAdmin: false, applications: { [APP]: { environments: { Production: "read" } } } };
    expect(await provider.diff("a@b.io", olds, news)).toMatchObject({ changes: false });
  });

  it("reports a change of one permission without a replace", async () => {
    const news: RolloutUserInputs = { ...olds, applications: { [APP]: { environments: { Production: "write" } } } };
    const diff = await provider.diff("a@b.io", olds, news);
    expect(diff.changes).toBe(true);
    expect(diff.replaces ?? []).toEqual([]);
  });

  it("replaces on a new e-mail", async () => {
    const diff = await provider.diff("a@b.io", olds, { ...olds, email: "b@b.io" });
    expect(diff).toMatchObject({ changes: true, replaces: ["email"] });
  });

  it("ignores a name the program does not manage", async () => {
    const news: RolloutUserInputs = { email: "a@b.io", teamAdmin: false, applications: olds.applications };
    expect(await provider.diff("a@b.io", { ...olds, name: "Changed by hand" }, news)).toMatchObject({ changes: false });
  });
});
