#!/usr/bin/env node
/**
 * `pulumi-rollout-crm`: the package's command line.
 *
 *   pulumi-rollout-crm drift [--stack <name>] [--cwd <dir>] [--json]
 *   pulumi-rollout-crm adopt <service> --stack <name> [--out <file>] ...   (see adopt/options.ts)
 *
 * drift's exit codes follow `terraform plan -detailed-exitcode`: 0 no drift, 2 drift, 1 error.
 * adopt exits 0 when it wrote the module, 1 on any error.
 */
import { parseArgs } from "node:util";
import { adoptMain } from "./adopt/main";
import { ADOPT_SERVICES, type AdoptService } from "./adopt/model";
import { formatJson, formatTable } from "./drift/report";
import { runDriftCheck } from "./drift/run";

const USAGE = `Usage: pulumi-rollout-crm drift [--stack <name>] [--cwd <dir>] [--json] [--unmanaged <services>]
       pulumi-rollout-crm adopt <service> --stack <name> [--out <file>] ...  (adopt --help)

Refreshes the stack in preview (nothing is changed) and reports every record whose live
values differ from the code: resource, field, value in code, live value, and the cause.

Options:
  --stack <name>  the stack to check (default: the selected stack)
  --cwd <dir>     the folder with Pulumi.yaml (default: the current folder)
  --json          print the report as JSON
  --unmanaged <services>
                  also list the live records no resource manages (cause 'not in code'), for
                  rollout, rogerroger, outseta, rolloutCrm (comma-separated): one list each
  -h, --help      show this help

Exit codes: 0 no drift, 2 drift found, 1 error.
The Pulumi CLI must be on PATH; credentials come from the stack config or the environment.
`;

export async function main(argv: string[], out = process.stdout, err = process.stderr): Promise<number> {
  if (argv[0] === "adopt") return adoptMain(argv.slice(1), out, err);
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: "string", short: "s" },
        cwd: { type: "string", short: "C" },
        json: { type: "boolean" },
        unmanaged: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    err.write(`pulumi-rollout-crm: ${(e as Error).message}\n\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  if (positionals.length !== 1 || positionals[0] !== "drift") {
    err.write(`pulumi-rollout-crm: expected the command 'drift' or 'adopt'${positionals.length ? `, got '${positionals.join(" ")}'` : ""}\n\n${USAGE}`);
    return 1;
  }
  // Nothing here may try to reach the internet (update checks) or wait for a prompt.
  process.env.PULUMI_SKIP_UPDATE_CHECK ??= "true";
  process.env.PULUMI_SKIP_CONFIRMATIONS ??= "true";
  let unmanaged: AdoptService[] | undefined;
  if (values.unmanaged !== undefined) {
    unmanaged = values.unmanaged.split(",").map((s) => s.trim()).filter(Boolean) as AdoptService[];
    const bad = unmanaged.find((s) => !ADOPT_SERVICES.includes(s));
    if (bad !== undefined || unmanaged.length === 0) {
      err.write(`pulumi-rollout-crm drift: --unmanaged: ${bad === undefined ? "name at least one service" : `unknown service '${bad}'`}; expected ${ADOPT_SERVICES.join(", ")}\n`);
      return 1;
    }
  }
  try {
    const report = await runDriftCheck({ stack: values.stack, cwd: values.cwd ?? process.cwd(), unmanaged });
    out.write(values.json ? formatJson(report) : formatTable(report));
    return report.drift ? 2 : 0;
  } catch (e) {
    err.write(`pulumi-rollout-crm drift: ${describeError(e)}\n`);
    return 1;
  }
}

/**
 * The useful part of an Automation API error: the CLI's own `error:` lines, once each, not
 * the command line and the output the error message repeats around them.
 */
export function describeError(e: unknown): string {
  const message = e instanceof Error ? e.message : String(e);
  const errorLines = [...new Set(message.split("\n").map((line) => line.trim()).filter((line) => line.startsWith("error:")))];
  return errorLines.length > 0 ? errorLines.join("\n") : message.trim();
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e) => {
      process.stderr.write(`pulumi-rollout-crm: ${(e as Error).message}\n`);
      process.exitCode = 1;
    },
  );
}
