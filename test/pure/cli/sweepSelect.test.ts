/** sweep's choice of records: only those every e-mail of which carries the run prefix. */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { carriesPrefix, prefixProblem } from "../../../cli/sweep/select";

describe("sweep: which records carry the prefix", () => {
  it.each([
    [{ id: "1", emails: ["plrc-ab12-ada@example.com"] }, true],
    [{ id: "2", emails: ["PLRC-AB12-ada@example.com"] }, true], // e-mails compare in any case
    [{ id: "3", emails: ["plrc-ab12-a@example.com", "plrc-ab12-b@example.com"] }, true],
    [{ id: "4", emails: ["plrc-ab12-a@example.com", "me@home.example"] }, false], // a person's own address too
    [{ id: "5", emails: [] }, false], // no e-mail: nobody's to sweep
    [{ id: "6", emails: ["ada@example.com"] }, false],
    [{ id: "7", emails: ["x-plrc-ab12-ada@example.com"] }, false], // not at the start
    [{ id: "plrc-ab12-id", emails: ["ada@example.com"] }, false], // an id never counts
  ])("%j -> %s", (record, expected) => {
    expect(carriesPrefix(record, "plrc-ab12-")).toBe(expected);
  });

  it("never chooses a record one of whose e-mails lacks the prefix (property)", () => {
    fc.assert(
      fc.property(fc.array(fc.emailAddress(), { maxLength: 4 }), fc.stringMatching(/^[a-z0-9][a-z0-9-]{3,10}$/), (emails, prefix) => {
        const chosen = carriesPrefix({ id: "x", emails }, prefix);
        expect(chosen).toBe(emails.length > 0 && emails.every((e) => e.toLowerCase().startsWith(prefix)));
      }),
    );
  });

  it.each(["", "abc", " plrc-", "plrc- ", "*", "pl rc", "-plrc", "plrc@x"])("refuses the prefix %j", (prefix) => {
    expect(prefixProblem(prefix)).toMatch(/--prefix/);
  });

  it.each(["plrc-", "plrc-1a2b3c-", "Run.42_"])("accepts the prefix %j", (prefix) => {
    expect(prefixProblem(prefix)).toBeUndefined();
  });
});
