/**
 * `pulumi-rollout-crm sweep <service> --prefix P [--stack S] [--yes]`: deletes what a killed
 * live run (`npm run test:live`) left, as terraform-plugin-testing's sweepers do. A dry run
 * unless `--yes`; it never touches a record without the prefix (select.ts), and it paces
 * itself with the provider's own pacing (records.ts).
 */
import { parseArgs } from "node:util";
import { ProviderContext, type ServiceTuning } from "../../provider/plugin";
import { SERVICES, type ServiceName } from "../../provider/services";
import { inert } from "../doctor/report";
import { settingsSource } from "../doctor/stackConfig";
import { deleteRecord, listRecords } from "./records";
import { carriesPrefix, prefixProblem } from "./select";

const NAMES = SERVICES.map((p) => p.name) as ServiceName[];

export const SWEEP_USAGE = `Usage: pulumi-rollout-crm sweep <service> --prefix <prefix> [--stack <name>] [--cwd <dir>] [--yes]

Lists the records of <service> (${NAMES.join(", ")}) whose every e-mail starts with <prefix>,
the run prefix of a live acceptance run (npm run test:live), and with --yes deletes them.
Without --yes nothing is changed. A record without the prefix is never touched.
Settings come from the stack's config (--stack) or the environment, as for the provider.
Exit codes: 0 done (or nothing to do), 1 error.

Options:
  --prefix <prefix>  the run prefix (at least 4 characters), e.g. plrc-1a2b3c-
  --stack <name>     read the settings from this stack's config, the environment as fallback
  --cwd <dir>        the folder with Pulumi.yaml (default: the current folder)
  --yes              delete (default: a dry run that only lists)
  -h, --help         show this help
`;

export async function sweepMain(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  overrides: { env?: NodeJS.ProcessEnv; tuning?: Readonly<Record<string, ServiceTuning>> } = {},
): Promise<number> {
  const fail = (message: string): number => {
    err.write(`pulumi-rollout-crm sweep: ${message}\n`);
    return 1;
  };
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: { prefix: { type: "string" }, stack: { type: "string", short: "s" }, cwd: { type: "string", short: "C" }, yes: { type: "boolean" }, help: { type: "boolean", short: "h" } },
    });
  } catch (e) {
    return fail(`${(e as Error).message}\n\n${SWEEP_USAGE}`);
  }
  const { values, positionals } = parsed;
  if (values.help) {
    out.write(SWEEP_USAGE);
    return 0;
  }
  const service = positionals[0] as ServiceName;
  if (positionals.length !== 1 || !NAMES.includes(service)) return fail(`expected one service, ${NAMES.join(", ")}${positionals.length ? `; got '${inert(positionals.join(" "))}'` : ""}\n\n${SWEEP_USAGE}`);
  if (values.prefix === undefined) return fail("--prefix is required: sweep deletes only the records of a run, by its prefix");
  const problem = prefixProblem(values.prefix);
  if (problem) return fail(problem);
  const prefix = values.prefix;

  try {
    const source = await settingsSource(values.stack, values.cwd ?? process.cwd());
    const context = new ProviderContext(SERVICES, { config: source.config, env: overrides.env ?? process.env, tuning: overrides.tuning });
    const records = await listRecords(context, service);
    const mine = records.filter((r) => carriesPrefix(r, prefix));
    const label = (r: { id: string; emails: readonly string[] }) => inert(r.id === r.emails[0] ? r.id : `${r.id} (${r.emails.join(", ")})`);
    if (!values.yes) {
      for (const r of mine) out.write(`would delete ${service} ${label(r)}\n`);
      out.write(`Dry run: ${mine.length} of ${records.length} ${service} records carry the prefix '${inert(prefix)}'; run again with --yes to delete them.\n`);
      return 0;
    }
    let deleted = 0;
    for (const r of mine) {
      await deleteRecord(context, service, r);
      deleted++;
      out.write(`deleted ${service} ${label(r)}\n`);
    }
    out.write(`Deleted ${deleted} of ${records.length} ${service} records (those with the prefix '${inert(prefix)}').\n`);
    return 0;
  } catch (e) {
    return fail(inert((e as Error).message ?? String(e)));
  }
}
