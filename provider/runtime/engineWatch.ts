/**
 * What the provider process learns from its engine: that the run was cancelled, and that the
 * engine is gone (issue #22, "Bounded").
 *
 * The dynamic-provider host of @pulumi/pulumi (cmd/dynamic-provider) answers the engine's
 * Cancel RPC and does nothing else: the engine sends it on the first SIGINT/SIGTERM of
 * `pulumi` and then waits for the operations in flight, so a create paging through an
 * endless list held the `up` for good. The host gives a provider no hook, so this module
 * watches the Cancel calls arriving at the process's gRPC server: grpc-js looks up the
 * handler of every incoming call through `Server.prototype._retrieveHandler(path)`, and a
 * wrapper of that method sees the path before the host's handler runs. (The method is
 * internal to grpc-js; when a version lacks it, cancellation is not noticed, and the
 * operation bound and the engine's kill at the end remain.)
 *
 * The engine starts each plugin with a pipe as its stdin (sdk/go/common/resource/plugin,
 * `execPlugin`) and never writes to it, so its end is the engine's death: a `kill -9` of
 * `pulumi` leaves the provider process (in a process group of its own) orphaned, with its
 * gRPC server up and its operation still sending requests, and the only thing that tells it
 * is the pipe closing.
 */
import * as path from "node:path";

const CANCEL_PATH = "/pulumirpc.ResourceProvider/Cancel";
const WRAPPED = Symbol.for("pulumi-rollout-crm.runtime.cancel-watch");

type ServerPrototype = { _retrieveHandler?: (this: unknown, path: string) => unknown; [WRAPPED]?: Set<() => void> };

/**
 * Calls `onCancel` whenever a Cancel call reaches a gRPC server of `grpc` (the module the
 * host serves with). Returns false when grpc-js has no hook for it.
 */
export function watchCancelCalls(grpc: { Server?: { prototype: unknown } }, onCancel: () => void): boolean {
  const proto = grpc.Server?.prototype as ServerPrototype | undefined;
  if (!proto || typeof proto._retrieveHandler !== "function") return false;
  let listeners = proto[WRAPPED];
  if (!listeners) {
    const original = proto._retrieveHandler;
    const found = new Set<() => void>();
    listeners = found;
    proto[WRAPPED] = found;
    proto._retrieveHandler = function retrieveHandler(this: unknown, callPath: string) {
      if (callPath === CANCEL_PATH) for (const listener of found) listener();
      return original.call(this, callPath);
    };
  }
  listeners.add(onCancel);
  return true;
}

/** The grpc-js module the dynamic-provider host of @pulumi/pulumi serves with. */
export function hostGrpc(): { Server?: { prototype: unknown } } {
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  return require(require.resolve("@grpc/grpc-js", { paths: [sdk] }));
}

/**
 * Calls `onGone` once when `stdin` ends or fails: the engine that started this process is
 * gone. Does nothing on a terminal (a process started by hand). The stream does not keep
 * the process alive.
 */
export function watchEngineExit(stdin: NodeJS.ReadStream, onGone: () => void): void {
  if (stdin.isTTY) return;
  let called = false;
  const gone = () => {
    if (called) return;
    called = true;
    onGone();
  };
  stdin.on("end", gone);
  stdin.on("close", gone);
  stdin.on("error", gone);
  stdin.on("data", () => undefined); // flowing, so that the end is seen; the engine writes nothing
  (stdin as unknown as { unref?: () => void }).unref?.();
}
