import { describe, expect, it } from "vitest";
import { ApiError } from "../../../provider/http/errors";
import { ProviderError, presentable } from "../../../provider/runtime/errors";

// What the dynamic-provider host prints for an error from check, diff, read and delete.
const printed = (e: any): string => `${e}: ${e.stack}`;

describe("presentable: the host prints the message, not a stack trace", () => {
  it("an API error prints as its message alone", () => {
    const api = new ApiError("rogerroger: DELETE /people/1 failed with 403: Forbidden.", {
      service: "rogerroger",
      method: "DELETE",
      path: "/people/1",
      status: 403,
      apiMessage: "Forbidden",
    });
    const e = presentable(api) as ProviderError;
    expect(printed(e)).toBe("rogerroger: DELETE /people/1 failed with 403: Forbidden.");
    expect(e.message).toBe(api.message); // what the host sends to the engine
    expect(printed(e)).not.toMatch(/\n\s+at /);
  });

  it("a message without a colon, and a thrown non-error", () => {
    expect(printed(presentable(new TypeError("boom")))).toBe("error: boom");
    expect(printed(presentable("plain text"))).toBe("error: plain text");
  });

  it("keeps what the host reads from a created-but-failed resource", () => {
    const err = Object.assign(new Error("x: y"), { id: "p1", properties: { a: 1 }, reasons: ["r"] });
    expect(presentable(err)).toMatchObject({ id: "p1", properties: { a: 1 }, reasons: ["r"] });
  });

  it("PULUMI_ROLLOUT_CRM_STACK_TRACES=1 gives the original error", () => {
    const err = new Error("x");
    expect(presentable(err, { PULUMI_ROLLOUT_CRM_STACK_TRACES: "1" })).toBe(err);
  });
});

describe("invoke: every provider method's error reaches the host as a message", () => {
  it.each(["check", "diff", "create", "read", "update", "delete"])("%s", async (method) => {
    const { invoke } = await import("../../../provider/runtime/index");
    const err = await invoke("crm:Unknown", method, []).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(ProviderError);
    expect(printed(err)).toBe("pulumi-rollout-crm: unknown resource kind 'crm:Unknown'; is the installed package older than the state?");
  });

  it("a provider's own failure too (a read without state)", async () => {
    const { invoke } = await import("../../../provider/runtime/index");
    const err = await invoke("crm:Person", "read", ["id-1", undefined]).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(printed(err)).toBe("CrmPerson: read needs the resource's state");
  });
});
