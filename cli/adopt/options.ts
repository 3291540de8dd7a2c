/**
 * The command line of `adopt`, checked before anything is read: every problem is one line
 * naming the flag, and exits 1.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { isCrm, NOTE_CRMS } from "../services";
import { ADOPT_SERVICES, type AdoptService } from "./model";
import { checkFieldChoice } from "./select";

/** "a, b or c" */
const orList = (names: readonly string[]): string => (names.length < 2 ? names.join("") : `${names.slice(0, -1).join(", ")} or ${names.at(-1)}`);
const MEMBER_SERVICES = ADOPT_SERVICES.filter((n) => !isCrm(n));

export const ADOPT_USAGE = `Usage: pulumi-rollout-crm adopt <service> --stack <name> [--cwd <dir>] [--out <file> [--force]]
                              [--email-domain <domain>] [--ids <id,id,...>] [--max <n>]
                              [--fields <field,field,...>] [--with-notes] [--format <format>]

Reads the records of one service that the stack does not manage yet and writes a TypeScript
module that adopts them with importId (the dynamic resources), or a \`pulumi import --file\`
document (the rolloutcrm provider plugin). Read-only: it sends only GET requests.

  <service>               ${orList(ADOPT_SERVICES)}
  --stack <name>          the stack whose config (credentials, URLs) and state are used
  --cwd <dir>             the folder with Pulumi.yaml (default: the current folder)
  --out <file>            write the module there (default: print it); --force overwrites
  --email-domain <domain> only records with an e-mail at this domain
  --ids <id,...>          CRMs: only these people (their ids in the CRM)
  --max <n>               at most n records
  --fields <f,...>        CRMs: the fields the code owns (givenName, familyName, emails, phones,
                          address, jobTitle, fields.<name>); default: the common fields that
                          are set. ${MEMBER_SERVICES.join(", ")}: 'name' or nothing
  --with-notes            ${NOTE_CRMS.join(", ")}: adopt each person's notes too (one request per person)
  --format <format>       typescript (default): the module; pulumi-import: a JSON document of
                          rolloutcrm:index:* resources for \`pulumi import --file <out>\`, which
                          reads each record and prints the code that declares it (--out: .json;
                          --fields does not apply: the import takes the common fields that are set)

Exit codes: 0 written, 1 error (bad input, missing credential, unreadable stack).
`;

export interface AdoptOptions {
  service: AdoptService;
  stack: string;
  cwd: string;
  out?: string;
  force: boolean;
  emailDomain?: string;
  ids?: string[];
  max?: number;
  fields?: string[];
  withNotes: boolean;
  /** What is written: the TypeScript module, or a `pulumi import --file` document (pulumiImport.ts). */
  format: AdoptFormat;
}

export const ADOPT_FORMATS = ["typescript", "pulumi-import"] as const;
export type AdoptFormat = (typeof ADOPT_FORMATS)[number];

export class UsageError extends Error {}

const list = (value: string | undefined): string[] | undefined =>
  value === undefined
    ? undefined
    : value
        .split(",")
        .map((v) => v.trim())
        .filter((v) => v !== "");

/** Parses `adopt`'s arguments (without the word `adopt`); throws UsageError. */
export function parseAdoptArgs(argv: string[], cwd = process.cwd()): AdoptOptions | "help" {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        stack: { type: "string", short: "s" },
        cwd: { type: "string", short: "C" },
        out: { type: "string", short: "o" },
        force: { type: "boolean" },
        "email-domain": { type: "string" },
        ids: { type: "string" },
        max: { type: "string" },
        fields: { type: "string" },
        "with-notes": { type: "boolean" },
        format: { type: "string" },
        help: { type: "boolean", short: "h" },
      },
    });
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  const { values: v, positionals } = parsed;
  if (v.help) return "help";
  if (positionals.length !== 1) throw new UsageError(`adopt takes one service (${ADOPT_SERVICES.join(", ")}), got ${positionals.length || "none"}`);
  const service = positionals[0] as AdoptService;
  if (!ADOPT_SERVICES.includes(service)) throw new UsageError(`unknown service '${positionals[0]}'; expected one of ${ADOPT_SERVICES.join(", ")}`);
  if (!v.stack) throw new UsageError("--stack is required: the stack whose credentials and state adopt uses");
  const dir = path.resolve(cwd, v.cwd ?? ".");
  if (!existsSync(path.join(dir, "Pulumi.yaml")) && !existsSync(path.join(dir, "Pulumi.yml"))) {
    throw new UsageError(`--cwd: no Pulumi.yaml in ${dir}`);
  }
  const format = (v.format ?? "typescript") as AdoptFormat;
  if (!ADOPT_FORMATS.includes(format)) throw new UsageError(`--format: '${v.format}' is not one of ${ADOPT_FORMATS.join(", ")}`);
  const options: AdoptOptions = { service, stack: v.stack, cwd: dir, force: v.force ?? false, withNotes: v["with-notes"] ?? false, format };
  if (v.out !== undefined) {
    if (v.out.trim() === "") throw new UsageError("--out needs a file name");
    options.out = path.resolve(cwd, v.out);
    if (format === "typescript" && !options.out.endsWith(".ts")) throw new UsageError(`--out: ${v.out} must end in .ts (it is a TypeScript module)`);
    if (format === "pulumi-import" && !options.out.endsWith(".json")) throw new UsageError(`--out: ${v.out} must end in .json (it is a pulumi import --file document)`);
    if (existsSync(options.out) && !options.force) throw new UsageError(`--out: ${v.out} exists; pass --force to overwrite it`);
    if (!existsSync(path.dirname(options.out))) throw new UsageError(`--out: the folder ${path.dirname(v.out)} does not exist`);
  } else if (options.force) throw new UsageError("--force needs --out");
  if (v["email-domain"] !== undefined) {
    const domain = v["email-domain"].trim().replace(/^@/, "");
    if (!/^[^\s@]+\.[^\s@]+$/.test(domain)) throw new UsageError(`--email-domain: '${v["email-domain"]}' is not a domain like example.com`);
    options.emailDomain = domain;
  }
  if (v.ids !== undefined) {
    if (!isCrm(service)) throw new UsageError(`--ids is for the CRMs; for ${service} use --email-domain or --max`);
    options.ids = [...new Set(list(v.ids))];
    if (options.ids.length === 0) throw new UsageError("--ids: give at least one id");
  }
  if (v.max !== undefined) {
    if (!/^[1-9][0-9]*$/.test(v.max.trim())) throw new UsageError(`--max: '${v.max}' is not a positive whole number`);
    options.max = Number(v.max.trim());
  }
  if (v.fields !== undefined) {
    if (format === "pulumi-import") throw new UsageError("--fields is for --format typescript: `pulumi import` takes the common fields that are set");
    options.fields = [...new Set(list(v.fields))];
    const problem = checkFieldChoice(service, options.fields);
    if (problem) throw new UsageError(problem);
  }
  if (options.withNotes && !(NOTE_CRMS as readonly string[]).includes(service)) throw new UsageError(`--with-notes is for ${orList(NOTE_CRMS)} only: ${service} has no notes API here`);
  return options;
}
