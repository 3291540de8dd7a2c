/**
 * The gRPC stubs of the Pulumi provider protocol, as @pulumi/pulumi ships them (its `proto/`
 * folder, generated from pulumi/pulumi's proto/pulumi/*.proto), and the grpc-js copy they
 * were generated against, resolved from @pulumi/pulumi itself: a server of another grpc-js
 * copy could not serve that copy's service definitions. No dependency of our own: the plugin
 * runs where @pulumi/pulumi (a peer dependency) is installed, as the dynamic resources do.
 */
import * as path from "node:path";
import type * as GrpcJs from "@grpc/grpc-js";
import type * as ProviderGrpc from "@pulumi/pulumi/proto/provider_grpc_pb";
import type * as ProviderPb from "@pulumi/pulumi/proto/provider_pb";
import type * as PluginPb from "@pulumi/pulumi/proto/plugin_pb";
import type * as StructPb from "google-protobuf/google/protobuf/struct_pb";
import type * as EmptyPb from "google-protobuf/google/protobuf/empty_pb";

export interface Proto {
  grpc: typeof GrpcJs;
  rpc: typeof ProviderGrpc;
  pb: typeof ProviderPb;
  plugin: typeof PluginPb;
  struct: typeof StructPb;
  empty: typeof EmptyPb;
}

let loaded: Proto | undefined;

/** The modules, loaded once. */
export function proto(): Proto {
  if (loaded) return loaded;
  const sdk = path.dirname(require.resolve("@pulumi/pulumi/package.json"));
  const fromSdk = (name: string) => require(require.resolve(name, { paths: [sdk] }));
  loaded = {
    grpc: fromSdk("@grpc/grpc-js"),
    rpc: require("@pulumi/pulumi/proto/provider_grpc_pb"),
    pb: require("@pulumi/pulumi/proto/provider_pb"),
    plugin: require("@pulumi/pulumi/proto/plugin_pb"),
    struct: fromSdk("google-protobuf/google/protobuf/struct_pb"),
    empty: fromSdk("google-protobuf/google/protobuf/empty_pb"),
  };
  return loaded;
}
