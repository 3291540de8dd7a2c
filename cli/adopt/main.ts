/** `pulumi-rollout-crm adopt ...`: parses, runs, and maps every failure to one line and exit 1. */
import { ConfigError } from "../../provider/plugin/config";
import { escapeTerminal } from "../output";
import { ADOPT_USAGE, parseAdoptArgs, UsageError } from "./options";
import { runAdopt } from "./run";
import { AdoptInputError } from "./sources";
import { StackReadError } from "./stack";

export async function adoptMain(argv: string[], out: NodeJS.WritableStream, err: NodeJS.WritableStream): Promise<number> {
  const fail = (message: string) => {
    err.write(`pulumi-rollout-crm adopt: ${escapeTerminal(message.split("\n")[0])}\n`);
    return 1;
  };
  let options;
  try {
    options = parseAdoptArgs(argv);
  } catch (e) {
    if (e instanceof UsageError) return fail(`${e.message} (see --help)`);
    throw e;
  }
  if (options === "help") {
    out.write(ADOPT_USAGE);
    return 0;
  }
  process.env.PULUMI_SKIP_UPDATE_CHECK ??= "true";
  try {
    await runAdopt(options, { out: (text) => out.write(text), err: (line) => err.write(`${escapeTerminal(line)}\n`) });
    return 0;
  } catch (e) {
    if (e instanceof ConfigError || e instanceof StackReadError || e instanceof AdoptInputError) return fail(e.message);
    return fail(e instanceof Error ? e.message : String(e));
  }
}
