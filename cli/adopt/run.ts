/**
 * `pulumi-rollout-crm adopt`: stack → config the provider's way → live records → module.
 * Read-only towards every API; progress and the summary go to stderr, the module to the
 * file (or stdout).
 */
import { existsSync, writeFileSync } from "node:fs";
import * as path from "node:path";
import { ConfigError, configOf } from "../../provider/plugin/config";
import { ProviderContext } from "../../provider/plugin/context";
import { SERVICES } from "../../provider/services";
import { generateModule } from "./codegen";
import { pulumiImportText } from "./pulumiImport";
import { readDeclared, type Declared } from "./existing";
import { managedWith, mergeDeclared } from "./merge";
import type { AdoptOptions } from "./options";
import { screenAdoption } from "./screen";
import { isCrm, type MemberServiceName } from "../services";
import { isMembers } from "./model";
import { readCrm, readMembers, type ReadResult } from "./sources";
import { managedIds, readStack, takenNames } from "./stack";
import { warningLine } from "./warn";

export interface AdoptIo {
  /** Where the module goes without --out. */
  out: (text: string) => void;
  /** Progress, warnings and the summary. */
  err: (line: string) => void;
}

/** The command line as written in the module's header: the service and the choices, never a value of config. */
function commandLine(o: AdoptOptions): string {
  const parts = ["pulumi-rollout-crm adopt", o.service, `--stack ${o.stack}`];
  if (o.emailDomain) parts.push(`--email-domain ${o.emailDomain}`);
  if (o.ids) parts.push(`--ids ${o.ids.join(",")}`);
  if (o.max !== undefined) parts.push(`--max ${o.max}`);
  if (o.fields) parts.push(`--fields ${o.fields.join(",")}`);
  if (o.withNotes) parts.push("--with-notes");
  if (o.format !== "typescript") parts.push(`--format ${o.format}`);
  return parts.join(" ");
}

export interface AdoptSummary {
  records: number;
  notes: number;
  skipped: number;
  requests: number;
}

export async function runAdopt(o: AdoptOptions, io: AdoptIo): Promise<AdoptSummary> {
  const started = Date.now();
  // A module adopt wrote before is read first: what it declares stays in code (or adopt refuses before any request).
  const outShown = o.out ? path.relative(process.cwd(), o.out) || o.out : "";
  const declared: Declared | undefined = o.format === "typescript" && o.out && existsSync(o.out) ? await readDeclared(o.out, o.service, outShown) : undefined;
  const kept = declared ? ("members" in declared ? declared.members.length : declared.people.length) : 0;
  if (declared) io.err(`adopt: ${outShown} exists: its ${kept} record(s) stay in the code, new ones are added`);
  io.err(`adopt: reading stack '${o.stack}' (config and state)`);
  const view = await readStack(o.stack, o.cwd);
  // The provider's runtime builds the same context from the same values in `configure`;
  // every setting then falls back to its environment variable, as in the provider.
  const context = new ProviderContext(SERVICES, { config: configOf(Object.fromEntries(view.config)) });

  const warnings: string[] = [];
  const warn = (line: string) => {
    warnings.push(line);
    io.err(warningLine(line));
  };
  const managed = managedWith(managedIds(view, o.service), declared);
  const readOptions = {
    emailDomain: o.emailDomain,
    ids: o.ids,
    max: o.max,
    fields: o.fields,
    withNotes: o.withNotes,
    managed,
    progress: (line: string) => io.err(`adopt: ${line}`),
    warn,
  };
  let result: ReadResult;
  try {
    result = isCrm(o.service) ? await readCrm(context, o.service, readOptions) : await readMembers(context, o.service as MemberServiceName, readOptions);
  } catch (err) {
    if (err instanceof ConfigError) throw new ConfigError(`${err.message.replace(/\.$/, "")} (stack '${o.stack}' or the environment).`, err.setting);
    throw err;
  }
  const screened = screenAdoption(result.adoption, warn);
  // Skipped = in the state; the module's own records were met by the read but are kept, not skipped.
  result = { ...result, adoption: declared ? mergeDeclared(screened, declared) : screened, skipped: result.skipped - managed.keptLive() };
  const module =
    o.format === "pulumi-import"
      ? pulumiImportText(result.adoption, takenNames(view))
      : generateModule(result.adoption, takenNames(view), {
          command: commandLine(o),
          stack: o.stack,
          skipped: result.skipped,
          kept,
          importPath: o.out ? `./${path.basename(o.out, ".ts")}` : undefined,
        });
  if (o.out) writeFileSync(o.out, module, { flag: o.force ? "w" : "wx" });
  else io.out(module);

  const a = result.adoption;
  const records = isMembers(a) ? a.members.length : a.people.length;
  const notes = isMembers(a) ? 0 : a.people.reduce((n, p) => n + p.notes.length, 0) + a.notesOnManagedPeople.length;
  const what = (isMembers(a) ? "team member(s)" : "person(s)") + (declared ? ` (${kept} kept from the existing module, ${records - kept} new)` : "");
  const seconds = ((Date.now() - started) / 1000).toFixed(1);
  io.err(
    `adopt: ${o.out ? `wrote ${outShown}` : "printed the module"}: ${records} ${what}` +
      (notes > 0 ? ` and ${notes} note(s)` : "") +
      ` to adopt; ${result.skipped} skipped (already in the state of stack '${o.stack}')` +
      (warnings.length > 0 ? `; ${warnings.length} value(s) left out, see the warnings` : "") +
      `; ${result.requests} GET request(s) in ${seconds} s.`,
  );
  if (records + notes > 0 && o.out && o.format === "pulumi-import") {
    io.err(`adopt: next: \`pulumi import --file ${outShown}\` (it reads each record and writes nothing), then add the code it prints to the program.`);
  } else if (records + notes > 0 && o.out) {
    io.err(`adopt: next: import "./${path.basename(o.out, ".ts")}" from the program, then \`pulumi up\`: it reads each record and writes nothing.`);
  }
  return { records, notes, skipped: result.skipped, requests: result.requests };
}
