/** Engine events as `pulumi preview [--refresh]` sends them, for the drift report and review tests. */
import type { EngineEvent } from "@pulumi/pulumi/automation";

export const SECRET = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", ciphertext: "[secret]" };
export const urn = (type: string, name: string) => `urn:pulumi:dev::proj::pulumi-nodejs:dynamic/${type}::${name}`;

let sequence = 0;
export function step(op: string, type: string, name: string, old?: { outputs?: object; inputs?: object }, next?: { inputs?: object }): EngineEvent {
  return {
    sequence: sequence++,
    timestamp: 0,
    resourcePreEvent: {
      metadata: {
        op: op as any,
        urn: urn(type, name),
        type: `pulumi-nodejs:dynamic/${type}`,
        provider: "",
        old: old && ({ id: "x", custom: true, outputs: old.outputs ?? {}, inputs: old.inputs ?? {} } as any),
        new: next && ({ id: "x", custom: true, outputs: {}, inputs: { __provider: "shim", ...next.inputs } } as any),
      },
    },
  };
}
export function refreshed(type: string, name: string, before: object, live: object | undefined): EngineEvent {
  return {
    sequence: sequence++,
    timestamp: 0,
    resOutputsEvent: {
      metadata: {
        op: "refresh",
        urn: urn(type, name),
        type: `pulumi-nodejs:dynamic/${type}`,
        provider: "",
        old: { id: "x", outputs: before, inputs: {} } as any,
        new: live === undefined ? undefined : ({ id: "x", outputs: live, inputs: {} } as any),
      },
    },
  };
}
export const stackEvent: EngineEvent = {
  sequence: 0,
  timestamp: 0,
  resourcePreEvent: { metadata: { op: "same", urn: "urn:pulumi:dev::proj::pulumi:pulumi:Stack::proj-dev", type: "pulumi:pulumi:Stack", provider: "" } },
};
