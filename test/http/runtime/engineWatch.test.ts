/**
 * Issue #22, "Bounded": the provider process hears the engine's Cancel, which the
 * dynamic-provider host of @pulumi/pulumi answers without telling the provider
 * (provider/runtime/engineWatch.ts), and notices the end of its stdin pipe, which is the
 * engine's death. The Cancel is sent here by a real gRPC client to a real grpc-js server
 * (the copy @pulumi/pulumi serves with) serving Pulumi's ResourceProvider service, set up
 * before the watch is installed, as the host's is.
 */
import { PassThrough } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { hostGrpc, watchCancelCalls, watchEngineExit } from "../../../provider/runtime/engineWatch";

type Grpc = any;
const grpc: Grpc = hostGrpc();
const { ResourceProviderClient, ResourceProviderService } = require("@pulumi/pulumi/proto/provider_grpc_pb");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb");

const servers: { forceShutdown(): void }[] = [];
afterEach(() => servers.splice(0).forEach((s) => s.forceShutdown()));

/** A server answering Cancel as the dynamic-provider host does (an empty answer, nothing else). */
async function hostLikeServer(): Promise<string> {
  const server = new grpc.Server();
  server.addService(ResourceProviderService, { cancel: (_call: unknown, callback: (e: unknown, r: unknown) => void) => callback(null, new Empty()) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync("127.0.0.1:0", grpc.ServerCredentials.createInsecure(), (err: Error | null, p: number) => (err ? reject(err) : resolve(p))),
  );
  servers.push(server);
  return `127.0.0.1:${port}`;
}

function sendCancel(address: string): Promise<void> {
  const client = new ResourceProviderClient(address, grpc.credentials.createInsecure());
  return new Promise<void>((resolve, reject) =>
    client.cancel(new Empty(), (err: Error | null) => {
      client.close();
      return err ? reject(err) : resolve();
    }),
  );
}

describe("the engine's Cancel", () => {
  it("reaches the provider when it arrives at the host's gRPC server, which still answers it", async () => {
    const address = await hostLikeServer();
    let cancels = 0;
    expect(watchCancelCalls(grpc, () => cancels++)).toBe(true);
    await sendCancel(address);
    expect(cancels).toBe(1);
    await sendCancel(address);
    expect(cancels).toBe(2);
  });

  it("is not seen in a grpc-js without the hook (the bound still holds)", () => {
    expect(watchCancelCalls({ Server: { prototype: {} } }, () => undefined)).toBe(false);
    expect(watchCancelCalls({}, () => undefined)).toBe(false);
  });
});

describe("the engine's exit (its end of the stdin pipe closes)", () => {
  it("calls onGone once", () => {
    const stdin = new PassThrough();
    let gone = 0;
    watchEngineExit(stdin as unknown as NodeJS.ReadStream, () => gone++);
    stdin.write("ignored");
    expect(gone).toBe(0);
    stdin.end();
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        stdin.destroy();
        setImmediate(() => {
          expect(gone).toBe(1);
          resolve();
        });
      }),
    );
  });

  it("does not watch a terminal", () => {
    const stdin = Object.assign(new PassThrough(), { isTTY: true });
    let gone = 0;
    watchEngineExit(stdin as unknown as NodeJS.ReadStream, () => gone++);
    stdin.end();
    stdin.destroy();
    expect(gone).toBe(0);
  });
});
