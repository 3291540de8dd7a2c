import { Writable } from "node:stream";
import { describe, expect, it } from "vitest";
import { describeError, main } from "../../../cli/main";
import { MISSING_CLI } from "../../../cli/preview";

function sink(): Writable & { text: string } {
  const s = new Writable({
    write(chunk, _enc, done) {
      s.text += String(chunk);
      done();
    },
  }) as Writable & { text: string };
  s.text = "";
  return s;
}

describe("pulumi-rollout-crm command line", () => {
  it("prints the usage with --help and exits 0", async () => {
    const out = sink();
    expect(await main(["--help"], out as any, sink() as any)).toBe(0);
    expect(out.text).toContain("Usage: pulumi-rollout-crm drift [--stack <name>]");
    expect(out.text).toContain("Exit codes: 0 no drift, 2 drift found, 1 error.");
  });

  it.each([[[]], [["plan"]], [["drift", "extra"]], [["drift", "--bogus"]]])("exits 1 with the usage on bad arguments %j, before touching any stack", async (argv) => {
    const err = sink();
    expect(await main(argv, sink() as any, err as any)).toBe(1);
    expect(err.text).toMatch(/^pulumi-rollout-crm: /);
    expect(err.text).toContain("Usage:");
  });

  it.each(["drift", "review"])("%s: a missing Pulumi CLI is one line saying how to install it", async (command) => {
    const path = process.env.PATH;
    process.env.PATH = "/nonexistent";
    const err = sink();
    try {
      expect(await main([command, "--stack", "dev", "--cwd", __dirname], sink() as any, err as any)).toBe(1);
    } finally {
      process.env.PATH = path;
    }
    expect(err.text).toBe(`pulumi-rollout-crm ${command}: ${MISSING_CLI}\n`);
    expect(err.text).toContain("install it (https://www.pulumi.com/docs/iac/download-install/");
  });

  it("refuses review options on drift", async () => {
    const err = sink();
    expect(await main(["drift", "--refresh"], sink() as any, err as any)).toBe(1);
    expect(err.text).toContain("--refresh is an option of 'review', not of 'drift'");
  });

  it("keeps the CLI's error lines of an Automation API error, once each", () => {
    const e = new Error(
      "code: -2\n stdout: \n stderr: Command failed with exit code 255: pulumi preview --refresh\nerror: getting secrets manager: incorrect passphrase\n err?: Error: Command failed\nerror: getting secrets manager: incorrect passphrase\n",
    );
    expect(describeError(e)).toBe("error: getting secrets manager: incorrect passphrase");
    expect(describeError(new Error("plain failure"))).toBe("plain failure");
  });
});
