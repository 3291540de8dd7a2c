/**
 * Issue 22 item 1: the CLI's own messages quote what they were given and what failed (an API
 * error text, a stack's error), and print it escaped: no control character reaches stderr.
 */
import { PassThrough } from "node:stream";
import { describe, expect, it, vi } from "vitest";
import { main } from "../../../cli/main";
import { hasRawControl } from "../../support/inert";

const API_TEXT = "rollout: GET /users failed with 400: bad\u001b[31mRED\r";

vi.mock("../../../cli/drift/run", () => ({
  runDriftCheck: async () => {
    // As the Automation API reports a failed preview: the CLI's `error:` line quoting the provider's.
    throw new Error(`code: 255\n stdout: \n stderr: Updating...\n    error: ${API_TEXT}\u202e\n`);
  },
}));

/** A stream that keeps what is written, read back as text. */
const text = (stream: PassThrough): string => String(stream.read() ?? "");

describe("the CLI's messages are inert", () => {
  it("escapes a failed run's error text", async () => {
    const err = new PassThrough();
    expect(await main(["drift", "--stack", "dev"], new PassThrough(), err)).toBe(1);
    expect(text(err)).toBe("pulumi-rollout-crm drift: error: rollout: GET /users failed with 400: bad\\x1b[31mRED\\r\\u202e\n");
  });

  it.each([
    [["drift\u001b[2J"]],
    [["drift", "--unmanaged", "rollout,x\u001b]52;c;aGk=\u0007"]],
    [["adopt", "rogerroger\u001b[8m", "--stack", "dev"]],
    [["adopt", "\u009b2J", "--stack", "dev"]],
  ])("escapes what it quotes of bad arguments %j", async (argv) => {
    const err = new PassThrough();
    expect(await main(argv, new PassThrough(), err)).toBe(1);
    const printed = text(err);
    expect(hasRawControl(printed)).toBe(false);
    expect(printed).toMatch(/\\x1b|\\x9b/);
  });
});
