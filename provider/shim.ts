import type * as pulumi from "@pulumi/pulumi";

/**
 * The provider object handed to `dynamic.Resource`, which Pulumi serializes into the
 * state of every resource (`__provider`) and runs from there on refresh and destroy.
 *
 * It is deliberately a thin shim: each method only `require`s the implementation from
 * the installed package when it runs. So the serialized text
 * - holds no credential and no configuration (those reach `configure` at run time),
 * - stays small (about 2 KB),
 * - is byte-identical across package versions, so an upgrade shows no diff (the
 *   dynamic-provider host reports a replace when `__provider` changes) and refresh /
 *   destroy always run the installed code rather than a stale copy frozen in the state.
 *
 * Rules for this file, because the closure serializer reaches everything it captures:
 * capture only the kind string `k` and the function `c`; no class instances, no
 * `#private` members, no imports used inside the functions. `require` is a Node.js module
 * global, which the serializer leaves as is; at run time it resolves from the program's
 * folder, where the package is installed. DO NOT change the text of the functions below
 * without a major version: it is what existing states contain
 * (test/e2e/fixtures/provider-shim.*.txt guards it).
 */
// Call it once per kind, at module level (see resources/crmPerson.ts): @pulumi/pulumi caches the
// serialized text by the identity of the object, so a new shim per resource would run the
// closure serializer once per resource (issue #14).
// Names are one letter on purpose: the serializer copies them into every method's
// environment, and the whole text must stay under the 2 KB goal (2015 bytes today).
export function providerShim(k: string): pulumi.dynamic.ResourceProvider {
  const c = (m: string, a: unknown[]) => require("pulumi-rollout-crm/runtime").invoke(k, m, a);
  return {
    configure: (...a: unknown[]) => c("configure", a),
    check: (...a: unknown[]) => c("check", a),
    diff: (...a: unknown[]) => c("diff", a),
    create: (...a: unknown[]) => c("create", a),
    read: (...a: unknown[]) => c("read", a),
    update: (...a: unknown[]) => c("update", a),
    delete: (...a: unknown[]) => c("delete", a),
  } as pulumi.dynamic.ResourceProvider;
}
