import * as pulumi from "@pulumi/pulumi";
import { CrmPerson } from "pulumi-rollout-crm";
import type { CrmPersonArgs } from "pulumi-rollout-crm";

// One program, three forms of the same people (stack config `form`):
// - "plugin": the rolloutcrm provider plugin's CrmPerson, through an explicit provider
//   instance whose settings come from the stack config `settings` (token as a secret);
// - "dynamic": the package's dynamic CrmPerson (config `rolloutCrm:*`);
// - "noop": dynamic resources with the same inputs and a provider that does nothing (the
//   engine's baseline for the state a record costs).
const config = new pulumi.Config();
const form = config.require("form");
const people = config.getObject<Record<string, CrmPersonArgs>>("people") ?? {};

/** The plugin's CrmPerson: its type token, its inputs, and its outputs beyond them. */
class PluginCrmPerson extends pulumi.CustomResource {
  declare readonly managedFields: pulumi.Output<string[]>;
  constructor(name: string, args: CrmPersonArgs, opts?: pulumi.CustomResourceOptions) {
    super("rolloutcrm:index:CrmPerson", name, { ...args, managedFields: undefined, backendRefs: undefined }, opts);
  }
}

/** An instance of the plugin, explicit: its arguments are the plugin's config, one object per service. */
class RolloutCrmProvider extends pulumi.ProviderResource {
  constructor(name: string, args: Record<string, pulumi.Input<unknown>>, opts?: pulumi.ResourceOptions) {
    super("rolloutcrm", name, args, opts);
  }
}

/** The no-op twin of a person: a dynamic resource with the same inputs. */
class Noop extends pulumi.dynamic.Resource {
  constructor(name: string, args: object) {
    super(noop, name, { key: name, ...args }, undefined, "bench", "Noop");
  }
}

const noop: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: String(inputs.key), outs: inputs };
  },
  async diff() {
    return { changes: false };
  },
  async read(id, props) {
    return { id, props };
  },
};

const ids: Record<string, pulumi.Output<string>> = {};
if (form === "plugin") {
  const settings = config.requireSecretObject<Record<string, string>>("settings");
  const provider = new RolloutCrmProvider("crm-account", { rolloutCrm: settings });
  // An existing record to adopt with the `import` resource option: `importIds` maps resource names to import ids.
  const imports = config.getObject<Record<string, string>>("importIds") ?? {};
  for (const [name, args] of Object.entries(people)) ids[name] = new PluginCrmPerson(name, args, { provider, import: imports[name] }).id;
} else if (form === "dynamic") {
  for (const [name, args] of Object.entries(people)) ids[name] = new CrmPerson(name, args).id;
} else if (form === "noop") {
  for (const [name, args] of Object.entries(people)) ids[name] = new Noop(name, args).id;
} else {
  throw new Error(`form must be plugin, dynamic or noop, not '${form}'`);
}

export const personIds = ids;
