/** Writes update the read caches instead of discarding them (provider/reads/writeThrough.ts). */
import { describe, expect, it } from "vitest";
import { ApiError } from "../../../provider/http/errors";
import { writeThrough, type RecordCache } from "../../../provider/reads/writeThrough";

function recorder() {
  const calls: string[] = [];
  const cache: RecordCache<{ id: string }> = {
    written: (r) => calls.push(`written ${r.id}`),
    deleted: (id) => calls.push(`deleted ${id}`),
    invalidate: () => calls.push("invalidate"),
  };
  return { calls, onWrite: writeThrough(/^\/people\/([^/?]+)/, () => [cache]) };
}

const apiError = (status: number, outcomeUnknown = false) =>
  new ApiError("x", { service: "s", method: "POST", path: "/people", status, apiMessage: "", outcomeUnknown });

describe("writeThrough", () => {
  it("files what a write returned, forgets what a delete removed (404 included)", () => {
    const { calls, onWrite } = recorder();
    onWrite({ method: "POST", path: "/people" }, { ok: true, status: 201, body: { id: "a" } });
    onWrite({ method: "PATCH", path: "/people/a" }, { ok: true, status: 200, body: { id: "a" } });
    onWrite({ method: "DELETE", path: "/people/a%40b" }, { ok: true, status: 204, body: undefined });
    onWrite({ method: "DELETE", path: "/people/c" }, { ok: false, error: apiError(404) });
    expect(calls).toEqual(["written a", "written a", "deleted a@b", "deleted c"]);
  });

  it("keeps the caches after a refusal (4xx), discards them after an unknown outcome or a write without a body", () => {
    const { calls, onWrite } = recorder();
    onWrite({ method: "POST", path: "/people" }, { ok: false, error: apiError(422) });
    expect(calls).toEqual([]);
    onWrite({ method: "POST", path: "/people" }, { ok: false, error: apiError(500, true) });
    onWrite({ method: "POST", path: "/people" }, { ok: false, error: new Error("socket hang up") });
    onWrite({ method: "PUT", path: "/people/a" }, { ok: true, status: 204, body: undefined });
    expect(calls).toEqual(["invalidate", "invalidate", "invalidate"]);
  });
});
