/**
 * The settings source of `doctor` and `sweep`: the stack's config (secrets decrypted, what
 * the provider's `configure` gets) with `--stack`, or nothing but the environment without it.
 */
import { configOf, type ConfigSource } from "../../provider/plugin/config";
import { readStack } from "../adopt/stack";

export interface SettingsSource {
  readonly config: ConfigSource;
  /** "stack 'dev' and the environment", or "the environment". */
  readonly from: string;
}

/** Throws StackReadError (naming --stack / --cwd) when the stack cannot be read. */
export async function settingsSource(stack: string | undefined, cwd: string): Promise<SettingsSource> {
  if (stack === undefined) return { config: configOf({}), from: "the environment" };
  process.env.PULUMI_SKIP_UPDATE_CHECK ??= "true";
  const view = await readStack(stack, cwd);
  return { config: configOf(Object.fromEntries(view.config)), from: `stack '${stack}' and the environment` };
}
