/**
 * The plugin executable's entry (bin/pulumi-resource-rolloutcrm): serves the provider on a
 * free local port and prints the port on stdout, the one line the engine reads from a
 * plugin's stdout (sdk/go/common/resource/plugin, "plugin.go"); everything else the plugin
 * says goes to stderr or to the engine's log.
 *
 * The engine starts it as `pulumi-resource-rolloutcrm [flags] <engine address>`; newer
 * engines also send the address in the Handshake call, and `Attach` brings it to a plugin
 * started by hand (PULUMI_DEBUG_PROVIDERS). The engine holds the plugin's stdin open and
 * never writes to it: its end means the engine is gone, and the plugin exits.
 */
import { fstatSync } from "node:fs";
import { setEngineAddress } from "../provider/runtime/engineLog";
import { watchEngineExit } from "../provider/runtime/engineWatch";
import { serve } from "./grpcServer";
import { RolloutCrmPlugin } from "./plugin";

/** The engine's address among the arguments: the first that is not a flag and looks like host:port. */
export function engineAddressOf(args: readonly string[]): string | undefined {
  const valueFlags = new Set(["--tracing", "--root"]);
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg.startsWith("-")) {
      if (valueFlags.has(arg)) i++;
      continue;
    }
    if (/^[\w.-]+:\d+$/.test(arg)) return arg;
  }
  return undefined;
}

function stdinIsPipe(): boolean {
  try {
    const stat = fstatSync(0);
    return stat.isFIFO() || stat.isSocket();
  } catch {
    return false;
  }
}

export async function main(args: readonly string[]): Promise<void> {
  const address = engineAddressOf(args);
  if (address) setEngineAddress(address);
  const plugin = new RolloutCrmPlugin();
  const server = await serve(plugin);
  process.stdout.write(`${server.port}\n`);
  if (stdinIsPipe()) {
    watchEngineExit(process.stdin, () => {
      plugin.cancel();
      process.exit(0);
    });
  }
}
