#!/usr/bin/env node
/**
 * `pulumi-rollout-crm`: the package's command line.
 *
 *   pulumi-rollout-crm drift  [--stack <name>] [--cwd <dir>] [--json]
 *   pulumi-rollout-crm review [--stack <name>] [--cwd <dir>] [--refresh] [--json] [--fail-on-sensitive] ...
 *   pulumi-rollout-crm adopt <service> --stack <name> [--out <file>] ...   (see adopt/options.ts)
 *
 * drift and review: exit codes follow `terraform plan -detailed-exitcode`: 0 nothing found,
 * 2 found, 1 error. adopt: 0 written, 1 error.
 */
import { parseArgs } from "node:util";
import { adoptMain } from "./adopt/main";
import { doctorMain } from "./doctor/main";
import { sweepMain } from "./sweep/main";
import { ADOPT_SERVICES, type AdoptService } from "./adopt/model";
import { changeRows } from "./changes/rows";
import { formatJson, formatTable } from "./drift/report";
import { runDriftCheck } from "./drift/run";
import { MissingCliError, runPreview } from "./preview";
import { escapeTerminal, escapeTerminalKeepLines } from "./output";
import { formatMarkdown, formatReviewJson } from "./review/markdown";
import { buildReview, DEFAULT_PRODUCTION_ENVS } from "./review/review";

const USAGE = `Usage: pulumi-rollout-crm drift [--stack <name>] [--cwd <dir>] [--json] [--unmanaged <services>]
       pulumi-rollout-crm adopt <service> --stack <name> [--out <file>] ...   (adopt --help)
       pulumi-rollout-crm review [--stack <name>] [--cwd <dir>] [--refresh] [--json]
                                 [--fail-on-sensitive] [--production-env <name>]... [--with-diff]
       pulumi-rollout-crm doctor [--stack <name>] [--cwd <dir>] [--json]
       pulumi-rollout-crm sweep <service> --prefix <prefix> [--stack <name>] [--yes]

drift   Refreshes the stack in preview (nothing is changed) and reports every record whose
        live values differ from the code: resource, field, value in code, live value, cause.
        Exit codes: 0 no drift, 2 drift found, 1 error.

adopt   Writes a TypeScript module that adopts the records of one service the stack does
        not manage yet (read-only). Exit codes: 0 written, 1 error. See adopt --help.

review  Previews the stack (nothing is changed) and prints Markdown for a pull-request
        comment: a summary, the sensitive changes (team admins added or removed, write access
        to production environments, members removed, people or notes deleted or replaced),
        then each record's changes in plain language. Secrets are never shown.
        Exit codes: 0, or 2 with --fail-on-sensitive when a change is sensitive; 1 error.

doctor  Checks each configured service, read-only (a few GETs): where each setting came from,
        whether the credential works, the shape of the answers, rate-limit headers, clock
        skew. The first command to run against a real account. Exit codes: 0 usable, 1 not.

sweep   Lists (dry run) or, with --yes, deletes the records whose every e-mail starts with
        --prefix: what a killed live acceptance run (npm run test:live) left behind.

Options:
  --stack <name>           the stack (default: the selected stack)
  --cwd <dir>              the folder with Pulumi.yaml (default: the current folder)
  --json                   print JSON instead, with the same content
  --unmanaged <services>   drift: also list the live records no resource manages (cause
                           'not in code'), for ${ADOPT_SERVICES.join(", ")}
                           (comma-separated): one list each
  --refresh                review: read the live records first, and list the changes made
                           outside the code in their own section
  --fail-on-sensitive      review: exit 2 when the sensitive section is not empty
  --production-env <name>  review: an environment name (a word of it, any case) whose write
                           access is sensitive; repeatable (default: ${DEFAULT_PRODUCTION_ENVS.join(", ")})
  --with-diff              review: add the CLI's own \`pulumi preview --diff\`, collapsed
  -h, --help               show this help

The Pulumi CLI must be on PATH; credentials come from the stack config or the environment.
`;

const OPTIONS = {
  stack: { type: "string", short: "s" },
  cwd: { type: "string", short: "C" },
  json: { type: "boolean" },
  refresh: { type: "boolean" },
  "fail-on-sensitive": { type: "boolean" },
  "production-env": { type: "string", multiple: true },
  "with-diff": { type: "boolean" },
  unmanaged: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const REVIEW_ONLY = ["refresh", "fail-on-sensitive", "production-env", "with-diff"] as const;

export async function main(argv: string[], out: NodeJS.WritableStream = process.stdout, err: NodeJS.WritableStream = process.stderr): Promise<number> {
  if (argv[0] === "adopt") return adoptMain(argv.slice(1), out, err);
  if (argv[0] === "doctor") return doctorMain(argv.slice(1), out, err);
  if (argv[0] === "sweep") return sweepMain(argv.slice(1), out, err);
  let parsed;
  try {
    parsed = parseArgs({ args: argv, allowPositionals: true, options: OPTIONS });
  } catch (e) {
    err.write(`pulumi-rollout-crm: ${escapeTerminal((e as Error).message)}\n\n${USAGE}`);
    return 1;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(USAGE);
    return 0;
  }
  const command = positionals[0];
  if (positionals.length !== 1 || (command !== "drift" && command !== "review")) {
    err.write(`pulumi-rollout-crm: expected the command 'drift', 'review' or 'adopt'${positionals.length ? `, got '${escapeTerminal(positionals.join(" "))}'` : ""}\n\n${USAGE}`);
    return 1;
  }
  const misplaced = command === "drift" ? REVIEW_ONLY.filter((o) => values[o] !== undefined) : [];
  if (misplaced.length > 0) {
    err.write(`pulumi-rollout-crm: --${misplaced[0]} is an option of 'review', not of 'drift'\n\n${USAGE}`);
    return 1;
  }
  let unmanaged: AdoptService[] | undefined;
  if (values.unmanaged !== undefined) {
    unmanaged = values.unmanaged.split(",").map((s) => s.trim()).filter(Boolean) as AdoptService[];
    const bad = unmanaged.find((s) => !ADOPT_SERVICES.includes(s));
    if (command !== "drift" || bad !== undefined || unmanaged.length === 0) {
      const why = command !== "drift" ? "is an option of 'drift'" : bad === undefined ? "name at least one service" : `unknown service '${escapeTerminal(bad)}'`;
      err.write(`pulumi-rollout-crm ${command}: --unmanaged: ${why}; expected ${ADOPT_SERVICES.join(", ")}\n`);
      return 1;
    }
  }
  // Nothing here may try to reach the internet (update checks) or wait for a prompt.
  process.env.PULUMI_SKIP_UPDATE_CHECK ??= "true";
  process.env.PULUMI_SKIP_CONFIRMATIONS ??= "true";
  const cwd = values.cwd ?? process.cwd();
  try {
    if (command === "drift") {
      const report = await runDriftCheck({ stack: values.stack, cwd, unmanaged });
      out.write(values.json ? formatJson(report) : formatTable(report));
      return report.drift ? 2 : 0;
    }
    const refresh = values.refresh === true;
    const run = await runPreview({ stack: values.stack, cwd, refresh });
    const review = buildReview(run.stack, changeRows(run.events), { refresh, productionEnvs: values["production-env"] });
    out.write(values.json ? formatReviewJson(review) : formatMarkdown(review, { rawDiff: values["with-diff"] ? run.diffText : undefined }));
    return values["fail-on-sensitive"] && review.sensitive.length > 0 ? 2 : 0;
  } catch (e) {
    // The CLI's error text quotes the provider's, which quotes the services': data, escaped.
    err.write(`pulumi-rollout-crm ${command}: ${escapeTerminalKeepLines(describeError(e))}\n`);
    return 1;
  }
}

/**
 * The useful part of an Automation API error: the CLI's own `error:` lines, once each, not
 * the command line and the output the error message repeats around them.
 */
export function describeError(e: unknown): string {
  if (e instanceof MissingCliError) return e.message;
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
      process.stderr.write(`pulumi-rollout-crm: ${escapeTerminalKeepLines(String((e as Error)?.message ?? e))}\n`);
      process.exitCode = 1;
    },
  );
}
