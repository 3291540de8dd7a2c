import * as pulumi from "@pulumi/pulumi";

// A dynamic provider that keeps its "record" in the resource state only: enough to prove
// that the engine, the language host and the dynamic-provider plugin work together.
const provider: pulumi.dynamic.ResourceProvider = {
  async create(inputs) {
    return { id: `smoke-${inputs.label}`, outs: { label: inputs.label } };
  },
  async diff(_id, olds, news) {
    return { changes: olds.label !== news.label };
  },
  async update(_id, _olds, news) {
    return { outs: { label: news.label } };
  },
};

class SmokeRecord extends pulumi.dynamic.Resource {
  declare readonly label: pulumi.Output<string>;
  constructor(name: string, args: { label: pulumi.Input<string> }, opts?: pulumi.CustomResourceOptions) {
    super(provider, name, { label: args.label }, opts);
  }
}

const config = new pulumi.Config();
if (config.getBoolean("fail")) {
  throw new Error("smoke program failed on purpose");
}
const record = new SmokeRecord("record", { label: config.get("label") ?? "hello" });
export const label = record.label;
