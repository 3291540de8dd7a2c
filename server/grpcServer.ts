/**
 * The ResourceProvider gRPC service of the plugin (pulumi/pulumi proto/pulumi/provider.proto),
 * over the stubs @pulumi/pulumi ships (proto.ts): each call's protobuf request is turned into
 * plain values for plugin.ts and its answer back. Calls the plugin does not serve (invoke,
 * call, construct, parameterize, list, mappings) answer UNIMPLEMENTED, which the engine reads
 * as "not supported".
 */
import type * as GrpcJs from "@grpc/grpc-js";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb";
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { forResource, setEngineAddress } from "../provider/runtime/engineLog";
import type { RolloutCrmPlugin } from "./plugin";
import { proto } from "./proto";
import { clean, type Props } from "./values";
import { argsFromVariables } from "./config";
import { nameOfUrn, PACKAGE, typeOfUrn } from "./kinds";

type Callback<T> = (error: Partial<GrpcJs.ServiceError> | null, value?: T) => void;
type Call<Req> = { request: Req };

/** A Struct as plain values (an absent one: no properties). */
function fromStruct(struct: Struct | undefined): Props {
  return (struct?.toJavaScript() ?? {}) as Props;
}

function toStruct(props: Props): Struct {
  return proto().struct.Struct.fromJavaScript(clean(props) as Parameters<typeof Struct.fromJavaScript>[0]);
}

/** Answers `callback` with what `fn` returns, or its error's message. */
function unary<Req, Res>(fn: (request: Req) => Promise<Res> | Res) {
  return (call: Call<Req>, callback: Callback<Res>) => {
    Promise.resolve()
      .then(() => fn(call.request))
      .then(
        (value) => callback(null, value),
        (err: unknown) => callback({ code: proto().grpc.status.UNKNOWN, details: err instanceof Error ? err.message : String(err) }),
      );
  };
}

function unimplemented(what: string) {
  return (_call: unknown, callback: Callback<never>) => callback({ code: proto().grpc.status.UNIMPLEMENTED, details: `rolloutcrm does not implement ${what}` });
}

/** The resource type of a request: its own field (newer engines), else the URN's. */
function typeOf(request: { getUrn(): string; getType?(): string }): string {
  return request.getType?.() || typeOfUrn(request.getUrn());
}

function checkResponse(answer: { inputs: Props; failures: { property: string; reason: string }[] }): ProviderPb.CheckResponse {
  const { pb } = proto();
  const response = new pb.CheckResponse();
  response.setInputs(toStruct(answer.inputs));
  response.setFailuresList(
    answer.failures.map((f) => {
      const failure = new pb.CheckFailure();
      failure.setProperty(f.property);
      failure.setReason(f.reason);
      return failure;
    }),
  );
  return response;
}

/** The service implementation for `plugin`. */
export function resourceProviderService(plugin: RolloutCrmPlugin): GrpcJs.UntypedServiceImplementation {
  const { pb, plugin: pluginPb, empty } = proto();
  const Kind = pb.PropertyDiff.Kind;
  const Changes = pb.DiffResponse.DiffChanges;
  return {
    handshake: unary((request: ProviderPb.ProviderHandshakeRequest) => {
      if (request.getEngineAddress()) setEngineAddress(request.getEngineAddress());
      const response = new pb.ProviderHandshakeResponse();
      response.setAcceptSecrets(true);
      response.setAcceptResources(false);
      response.setAcceptOutputs(false);
      return response;
    }),
    getPluginInfo: unary(() => {
      const info = new pluginPb.PluginInfo();
      info.setVersion(plugin.version);
      return info;
    }),
    attach: unary((request: InstanceType<typeof pluginPb.PluginAttach>) => {
      if (request.getAddress()) setEngineAddress(request.getAddress());
      return new empty.Empty();
    }),
    getSchema: unary((request: ProviderPb.GetSchemaRequest) => {
      if (request.getVersion() !== 0) throw new Error(`rolloutcrm: schema version ${request.getVersion()} is not supported (0 is)`);
      const response = new pb.GetSchemaResponse();
      response.setSchema(plugin.schema());
      return response;
    }),
    checkConfig: unary((request: ProviderPb.CheckRequest) => checkResponse(plugin.checkConfig(fromStruct(request.getNews())))),
    diffConfig: unary((request: ProviderPb.DiffRequest) => {
      const { changes, changedKeys } = plugin.diffConfig(fromStruct(request.getOldInputs() ?? request.getOlds()), fromStruct(request.getNews()));
      const response = new pb.DiffResponse();
      response.setChanges(changes ? Changes.DIFF_SOME : Changes.DIFF_NONE);
      response.setDiffsList(changedKeys);
      for (const key of changedKeys) {
        const diff = new pb.PropertyDiff();
        diff.setKind(Kind.UPDATE);
        diff.setInputdiff(true);
        response.getDetaileddiffMap().set(key, diff);
      }
      response.setHasdetaileddiff(true);
      return response;
    }),
    configure: unary((request: ProviderPb.ConfigureRequest) => {
      const args = request.getArgs();
      // Newer engines send the provider's inputs as `args`; older ones only `variables` (`rolloutcrm:config:<service>` → JSON).
      plugin.configure(args ? fromStruct(args) : argsFromVariables(request.getVariablesMap().entries(), PACKAGE));
      const response = new pb.ConfigureResponse();
      response.setAcceptsecrets(true);
      response.setSupportspreview(false);
      response.setAcceptresources(false);
      response.setAcceptoutputs(false);
      return response;
    }),
    check: unary(async (request: ProviderPb.CheckRequest) =>
      checkResponse(
        await forResource(request.getUrn(), () =>
          plugin.check(typeOf(request), request.getName() || nameOfUrn(request.getUrn()), fromStruct(request.getOlds()), fromStruct(request.getNews())),
        ),
      ),
    ),
    diff: unary(async (request: ProviderPb.DiffRequest) => {
      const answer = await forResource(request.getUrn(), () => plugin.diff(typeOf(request), request.getId(), fromStruct(request.getOlds()), fromStruct(request.getNews())));
      const response = new pb.DiffResponse();
      response.setChanges(answer.changes === true ? Changes.DIFF_SOME : answer.changes === false ? Changes.DIFF_NONE : Changes.DIFF_UNKNOWN);
      response.setReplacesList(answer.replaces);
      response.setStablesList(answer.stables);
      response.setDeletebeforereplace(answer.deleteBeforeReplace);
      if (answer.detailed) {
        for (const [path, kind] of answer.detailed) {
          const diff = new pb.PropertyDiff();
          diff.setKind(Kind[kind]);
          diff.setInputdiff(true);
          response.getDetaileddiffMap().set(path, diff);
        }
        response.setDiffsList([...new Set([...answer.detailed.keys()].map((p) => p.split(/[.[]/)[0]))]);
        response.setHasdetaileddiff(true);
      }
      return response;
    }),
    create: unary(async (request: ProviderPb.CreateRequest) => {
      // A preview sends no request: the outputs are the inputs as checked (engines call it even without supportsPreview).
      const { id, outs } = request.getPreview()
        ? { id: "", outs: fromStruct(request.getProperties()) }
        : await forResource(request.getUrn(), () => plugin.create(typeOf(request), fromStruct(request.getProperties())));
      const response = new pb.CreateResponse();
      response.setId(id);
      response.setProperties(toStruct(outs));
      return response;
    }),
    read: unary(async (request: ProviderPb.ReadRequest) => {
      const answer = await forResource(request.getUrn(), () =>
        plugin.read(typeOf(request), request.getId(), fromStruct(request.getProperties()), fromStruct(request.getInputs())),
      );
      const response = new pb.ReadResponse();
      response.setId(answer.id);
      if (answer.id) {
        response.setProperties(toStruct(answer.props));
        response.setInputs(toStruct(answer.inputs));
      }
      return response;
    }),
    update: unary(async (request: ProviderPb.UpdateRequest) => {
      const outs = request.getPreview()
        ? { ...fromStruct(request.getOlds()), ...fromStruct(request.getNews()) }
        : await forResource(request.getUrn(), () => plugin.update(typeOf(request), request.getId(), fromStruct(request.getOlds()), fromStruct(request.getNews())));
      const response = new pb.UpdateResponse();
      response.setProperties(toStruct(outs));
      return response;
    }),
    delete: unary(async (request: ProviderPb.DeleteRequest) => {
      await forResource(request.getUrn(), () => plugin.delete(typeOf(request), request.getId(), fromStruct(request.getProperties())));
      return new empty.Empty();
    }),
    cancel: unary(() => {
      plugin.cancel();
      return new empty.Empty();
    }),
    parameterize: unimplemented("Parameterize"),
    invoke: unimplemented("Invoke (it has no functions)"),
    call: unimplemented("Call (it has no methods)"),
    construct: unimplemented("Construct (it has no components)"),
    list: (call: { emit(event: string, error: unknown): void }) => call.emit("error", { code: proto().grpc.status.UNIMPLEMENTED, details: "rolloutcrm does not implement List" }),
    getMapping: unimplemented("GetMapping"),
    getMappings: unimplemented("GetMappings"),
  };
}

export interface RunningServer {
  port: number;
  /** Stops accepting calls and ends the ones in flight. */
  stop(): Promise<void>;
}

/** Serves `plugin` on 127.0.0.1 (port 0: any free one). */
export async function serve(plugin: RolloutCrmPlugin, port = 0): Promise<RunningServer> {
  const { grpc, rpc } = proto();
  const server = new grpc.Server({ "grpc.max_receive_message_length": 1024 * 1024 * 400 });
  server.addService(rpc.ResourceProviderService, resourceProviderService(plugin));
  const bound = await new Promise<number>((resolve, reject) =>
    server.bindAsync(`127.0.0.1:${port}`, grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return {
    port: bound,
    stop: () =>
      new Promise<void>((resolve) => {
        server.tryShutdown(() => resolve());
        setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, 2000).unref();
      }),
  };
}
