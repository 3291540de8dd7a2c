import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object handed to `dynamic.Resource`, which Pulumi serializes into the
 * state of every resource (`__provider`) and runs from there on refresh and destroy.
 *
 * It is deliberately a thin shim: each method only `require`s the implementation from
 * the installed package when it runs. So the serialized text
 * - holds no credential and no configuration (those reach `configure` at run time),
 * - stays small (a few hundred bytes per method),
 * - is byte-identical across package versions, so an upgrade shows no diff (the
 *   dynamic-provider host reports a replace when `__provider` changes) and refresh /
 *   destroy always run the installed code rather than a stale copy frozen in the state.
 *
 * Rules for this file, because the closure serializer reaches everything it captures:
 * capture only the `kind` string; no class instances, no `#private` members, no imports
 * used inside the functions. `require` is a Node.js module global, which the serializer
 * leaves as is; at run time it resolves from the program's folder, where the package is
 * installed. DO NOT change the text of the functions below without a major version:
 * it is what existing states contain.
 */
export function providerShim(kind: string): pulumi.dynamic.ResourceProvider {
  const method =
    (name: string) =>
    (...args: unknown[]) =>
      require("pulumi-rollout-crm/runtime").invoke(kind, name, args);
  return {
    configure: method("configure"),
    check: method("check"),
    diff: method("diff"),
    create: method("create"),
    read: method("read"),
    update: method("update"),
    delete: method("delete"),
  } as pulumi.dynamic.ResourceProvider;
}
