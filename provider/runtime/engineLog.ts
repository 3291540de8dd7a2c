/**
 * Warnings from the provider to the user, shown by the CLI like `pulumi.log.warn`.
 *
 * The dynamic-provider host gives a provider no warning channel (check can only fail), and
 * the SDK's own `log.warn` in this process has no engine to talk to: it prints to stderr,
 * which the CLI does not show. The host is started with the engine's address as its one
 * argument (`@pulumi/pulumi/cmd/dynamic-provider`), so a LogRequest sent there is shown as
 * any warning is; the provider plugin hands its engine address over with setEngineAddress.
 * Elsewhere (unit tests) the warning goes to `fallback`.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import * as path from "node:path";
import { escapeTerminalKeepLines } from "../../cli/output/terminal";

type Client = { log(request: unknown, callback: (err: unknown) => void): void };

let client: Client | null | undefined;
let given: string | undefined;
const resource = new AsyncLocalStorage<string>();

/**
 * Runs `fn` on behalf of the resource `urn`: its warnings are shown under that resource
 * rather than the stack. The provider plugin knows the URN of every call; the
 * dynamic-provider protocol gives a provider none.
 */
export function forResource<T>(urn: string, fn: () => T): T {
  return urn ? resource.run(urn, fn) : fn();
}

/**
 * The engine's address as the provider plugin (server/) learns it, from its command line or
 * the engine's Handshake/Attach: warnings go there from then on.
 */
export function setEngineAddress(address: string): void {
  if (address === given) return;
  given = address;
  client = undefined;
}

/** The engine's address: the one given to the plugin, or, in the dynamic-provider host, its argument; else undefined. */
export function engineAddress(): string | undefined {
  if (given) return given;
  const script = process.argv[1] ?? "";
  const address = process.argv[2];
  return script.includes("dynamic-provider") && address && /^[\w.-]+:\d+$/.test(address) ? address : undefined;
}

function engineClient(): Client | null {
  if (client !== undefined) return client;
  const address = engineAddress();
  if (!address) return (client = null);
  // The SDK's own generated client and its gRPC copy, resolved from @pulumi/pulumi itself.
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const grpc = require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
  const { EngineClient } = require("@pulumi/pulumi/proto/engine_grpc_pb");
  client = new EngineClient(address, grpc.credentials.createInsecure()) as Client;
  return client;
}

/** Shows `message` as a warning of this update; never fails the caller. */
export async function warn(raw: string, fallback: (message: string) => void = (m) => console.warn(`warning: ${m}`)): Promise<void> {
  // Warnings quote ids and e-mails read from the services: escaped as errors are (./errors.ts).
  const message = escapeTerminalKeepLines(raw);
  let engine: Client | null;
  try {
    engine = engineClient();
  } catch {
    engine = null;
  }
  if (!engine) return fallback(message);
  const { LogRequest, LogSeverity } = require("@pulumi/pulumi/proto/engine_pb");
  const request = new LogRequest();
  request.setSeverity(LogSeverity.WARNING);
  request.setMessage(message);
  request.setEphemeral(false);
  const urn = resource.getStore();
  if (urn) request.setUrn(urn);
  await new Promise<void>((resolve) => engine.log(request, () => resolve()));
}
