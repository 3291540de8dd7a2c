/**
 * `pulumi-rollout-crm doctor [--stack S] [--cwd DIR] [--json]`: the first command to run
 * against a real account. Read-only; exit 0 when every configured service is usable, 1
 * otherwise (or on a usage error).
 */
import { parseArgs } from "node:util";
import { diagnose, type DiagnoseOptions } from "./diagnose";
import { formatDoctorJson, formatDoctorTable } from "./report";
import { settingsSource } from "./stackConfig";

export const DOCTOR_USAGE = `Usage: pulumi-rollout-crm doctor [--stack <name>] [--cwd <dir>] [--json]

Checks each service the stack (or, without --stack, the environment) configures, read-only,
with as few requests as the rate limits allow (a list page and one record; the Universal
CRM's credentials too): the base URL and where each setting came from (config, environment,
default), whether the credential works, the rate-limit headers seen, whether the answers
have the shape the provider reads, the clock skew, and the Universal CRM's credential id.
Secrets are never shown. Exit codes: 0 every configured service is usable, 1 otherwise.

Options:
  --stack <name>   read the settings from this stack's config (secrets decrypted), with the
                   environment as fallback, as the provider does
  --cwd <dir>      the folder with Pulumi.yaml (default: the current folder)
  --json           print JSON instead, with the same content
  -h, --help       show this help
`;

export async function doctorMain(
  argv: string[],
  out: NodeJS.WritableStream,
  err: NodeJS.WritableStream,
  overrides: Partial<Pick<DiagnoseOptions, "env" | "tuning" | "skewWarnSeconds">> = {},
): Promise<number> {
  let values;
  try {
    ({ values } = parseArgs({ args: argv, options: { stack: { type: "string", short: "s" }, cwd: { type: "string", short: "C" }, json: { type: "boolean" }, help: { type: "boolean", short: "h" } } }));
  } catch (e) {
    err.write(`pulumi-rollout-crm doctor: ${(e as Error).message}\n\n${DOCTOR_USAGE}`);
    return 1;
  }
  if (values.help) {
    out.write(DOCTOR_USAGE);
    return 0;
  }
  const env = overrides.env ?? process.env;
  let source;
  try {
    source = await settingsSource(values.stack, values.cwd ?? process.cwd());
  } catch (e) {
    err.write(`pulumi-rollout-crm doctor: ${(e as Error).message}\n`);
    return 1;
  }
  const diagnosis = await diagnose({ ...source, env, tuning: overrides.tuning, skewWarnSeconds: overrides.skewWarnSeconds });
  out.write(values.json ? formatDoctorJson(diagnosis) : formatDoctorTable(diagnosis));
  return diagnosis.ok ? 0 : 1;
}
