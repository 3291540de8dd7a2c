/**
 * The provider plugin (server/) as the engine talks to it: served in this process on a free
 * port, called over gRPC with the stubs @pulumi/pulumi ships, every answer as plain values.
 */
import type { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { RolloutCrmPlugin, serve, type PluginOptions, type RunningServer } from "../../server";
import { proto } from "../../server/proto";

type Props = Record<string, unknown>;

/** The protocol's secret wrapper (server/values.ts). */
export const secret = (value: unknown) => ({ "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value });

export interface PropertyDiff {
  kind: string;
}

export interface PluginClient {
  server: RunningServer;
  /** The request objects of the stubs, by name. */
  pb: ReturnType<typeof proto>["pb"];
  pluginInfo(): Promise<string>;
  schema(): Promise<any>;
  checkConfig(news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diffConfig(olds: Props, news: Props): Promise<{ changes: string; keys: string[] }>;
  configure(args: Props | { variables: Record<string, string> }): Promise<{ acceptSecrets: boolean }>;
  check(type: string, name: string, olds: Props, news: Props): Promise<{ inputs: Props; failures: { property: string; reason: string }[] }>;
  diff(type: string, id: string, olds: Props, news: Props): Promise<{ changes: string; replaces: string[]; detailed: Record<string, string>; hasDetailed: boolean }>;
  create(type: string, inputs: Props): Promise<{ id: string; outs: Props }>;
  read(type: string, id: string, props?: Props, inputs?: Props): Promise<{ id: string; props: Props; inputs: Props }>;
  update(type: string, id: string, olds: Props, news: Props): Promise<Props>;
  delete(type: string, id: string, props: Props): Promise<void>;
  cancel(): Promise<void>;
  close(): Promise<void>;
}

/** Starts a plugin in this process and a client of it. */
export async function startPlugin(options: PluginOptions = {}): Promise<PluginClient> {
  const { grpc, rpc, pb, struct, empty } = proto();
  const server = await serve(new RolloutCrmPlugin(options));
  const client = new rpc.ResourceProviderClient(`127.0.0.1:${server.port}`, grpc.credentials.createInsecure());
  const toStruct = (props: Props) => struct.Struct.fromJavaScript(JSON.parse(JSON.stringify(props)));
  const fromStruct = (s: Struct | undefined) => (s?.toJavaScript() ?? {}) as Props;
  const call = <Req, Res>(method: string, request: Req): Promise<Res> =>
    new Promise((resolve, reject) =>
      (client as unknown as Record<string, (r: Req, cb: (e: Error | null, v: Res) => void) => void>)[method](request, (err, value) => (err ? reject(err) : resolve(value))),
    );
  /** A resource request with its URN, type and (for an existing resource) id set. */
  const addressed = <R extends { setUrn(v: string): unknown; setType(v: string): unknown; setId?(v: string): unknown }>(request: R, type: string, id?: string): R => {
    request.setUrn(`urn:pulumi:test::plugin::${type}::r`);
    request.setType(type);
    if (id !== undefined) request.setId!(id);
    return request;
  };
  const changeNames = Object.fromEntries(Object.entries(pb.DiffResponse.DiffChanges).map(([k, v]) => [v, k]));
  const kindNames = Object.fromEntries(Object.entries(pb.PropertyDiff.Kind).map(([k, v]) => [v, k]));
  const checkRequest = (type: string, name: string, olds: Props, news: Props) => {
    const request = new pb.CheckRequest();
    request.setUrn(`urn:pulumi:test::plugin::${type}::${name}`);
    request.setType(type);
    request.setName(name);
    request.setOlds(toStruct(olds));
    request.setNews(toStruct(news));
    return request;
  };
  const checkAnswer = (res: InstanceType<typeof pb.CheckResponse>) => ({
    inputs: fromStruct(res.getInputs()),
    failures: res.getFailuresList().map((f) => ({ property: f.getProperty(), reason: f.getReason() })),
  });
  const diffRequest = (type: string, id: string, olds: Props, news: Props) => {
    const request = addressed(new pb.DiffRequest(), type, id);
    request.setOlds(toStruct(olds));
    request.setOldInputs(toStruct(olds));
    request.setNews(toStruct(news));
    return request;
  };
  const detailedOf = (res: InstanceType<typeof pb.DiffResponse>) => {
    const out: Record<string, string> = {};
    res.getDetaileddiffMap().forEach((diff, path) => {
      out[path] = kindNames[diff.getKind()];
    });
    return out;
  };
  const diffAnswer = (res: InstanceType<typeof pb.DiffResponse>) => ({
    changes: changeNames[res.getChanges()],
    replaces: res.getReplacesList(),
    detailed: detailedOf(res),
    hasDetailed: res.getHasdetaileddiff(),
  });
  return {
    server,
    pb,
    async pluginInfo() {
      return (await call<unknown, { getVersion(): string }>("getPluginInfo", new empty.Empty())).getVersion();
    },
    async schema() {
      const request = new pb.GetSchemaRequest();
      return JSON.parse((await call<unknown, { getSchema(): string }>("getSchema", request)).getSchema());
    },
    async checkConfig(news) {
      return checkAnswer(await call("checkConfig", checkRequest("pulumi:providers:rolloutcrm", "p", {}, news)));
    },
    async diffConfig(olds, news) {
      const res = await call<unknown, InstanceType<typeof pb.DiffResponse>>("diffConfig", diffRequest("pulumi:providers:rolloutcrm", "p", olds, news));
      return { changes: changeNames[res.getChanges()], keys: res.getDiffsList() };
    },
    async configure(args) {
      const request = new pb.ConfigureRequest();
      if ("variables" in args && typeof args.variables === "object") {
        for (const [k, v] of Object.entries(args.variables as Record<string, string>)) request.getVariablesMap().set(k, v);
      } else request.setArgs(toStruct(args as Props));
      request.setAcceptsecrets(true);
      return { acceptSecrets: (await call<unknown, InstanceType<typeof pb.ConfigureResponse>>("configure", request)).getAcceptsecrets() };
    },
    async check(type, name, olds, news) {
      return checkAnswer(await call("check", checkRequest(type, name, olds, news)));
    },
    async diff(type, id, olds, news) {
      return diffAnswer(await call("diff", diffRequest(type, id, olds, news)));
    },
    async create(type, inputs) {
      const request = addressed(new pb.CreateRequest(), type);
      request.setProperties(toStruct(inputs));
      const res = await call<unknown, InstanceType<typeof pb.CreateResponse>>("create", request);
      return { id: res.getId(), outs: fromStruct(res.getProperties()) };
    },
    async read(type, id, props = {}, inputs = {}) {
      const request = addressed(new pb.ReadRequest(), type, id);
      request.setProperties(toStruct(props));
      request.setInputs(toStruct(inputs));
      const res = await call<unknown, InstanceType<typeof pb.ReadResponse>>("read", request);
      return { id: res.getId(), props: fromStruct(res.getProperties()), inputs: fromStruct(res.getInputs()) };
    },
    async update(type, id, olds, news) {
      const request = addressed(new pb.UpdateRequest(), type, id);
      request.setOlds(toStruct(olds));
      request.setNews(toStruct(news));
      return fromStruct((await call<unknown, InstanceType<typeof pb.UpdateResponse>>("update", request)).getProperties());
    },
    async delete(type, id, props) {
      const request = addressed(new pb.DeleteRequest(), type, id);
      request.setProperties(toStruct(props));
      await call("delete", request);
    },
    async cancel() {
      await call("cancel", new empty.Empty());
    },
    async close() {
      client.close();
      await server.stop();
    },
  };
}
