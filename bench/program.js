// The benchmark's Pulumi program, copied into a temp project that installs the packed package.
// Plain JavaScript, so no TypeScript compile adds to the engine time being measured.
// What it declares comes from the environment the benchmark gives each CLI run:
//   BENCH_KIND      "records" (default); "noop": no-op dynamic resources with the CrmPersons'
//                   inputs (the engine baseline); "noop-min": the same with one input
//   BENCH_N         records per service
//   BENCH_SERVICES  comma-separated: rollout, rogerroger, outseta, rolloutCrm; with "noop",
//                   the one CRM whose CrmPersons' inputs the no-op resources take
//   BENCH_VARIANT   "a" or "b": "b" changes one field of every record (the update step)
const pulumi = require("@pulumi/pulumi");
const { CrmPerson, RolloutUser } = require("pulumi-rollout-crm");

const n = Number(process.env.BENCH_N);
const variant = process.env.BENCH_VARIANT || "a";
const title = variant === "a" ? "Engineer" : "Senior engineer";

/** The inputs of record i of a CRM: the same for a CrmPerson and its no-op twin. */
const person = (service, i) => ({ crm: service, givenName: `Given${i}`, familyName: `Family${i}`, emails: [`${service.toLowerCase()}${i}@bench.example`], jobTitle: title });

if (process.env.BENCH_KIND === "noop" || process.env.BENCH_KIND === "noop-min") {
  // The engine's baseline: dynamic resources with the same inputs as the CrmPersons (so the
  // same state size but for the provider text) and one provider object that does nothing.
  const noop = {
    async create(inputs) {
      return { id: inputs.key, outs: inputs };
    },
    async diff() {
      return { changes: false };
    },
    async read(id, props) {
      return { id, props };
    },
  };
  for (let i = 0; i < n; i++) new pulumi.dynamic.Resource(noop, `noop${i}`, { key: `noop${i}`, ...(process.env.BENCH_KIND === "noop" ? person(process.env.BENCH_SERVICES, i) : {}) }, undefined, "bench", "Noop");
} else {
  for (const service of (process.env.BENCH_SERVICES || "").split(",").filter(Boolean)) {
    for (let i = 0; i < n; i++) {
      if (service === "rollout") new RolloutUser(`u${i}`, { email: `rollout${i}@bench.example`, name: `User ${i} ${variant}` });
      else new CrmPerson(`${service}${i}`, person(service, i));
    }
  }
}
