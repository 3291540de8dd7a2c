/**
 * Injection into a generated module must stay impossible, whatever a service holds (issue 22,
 * item 10). Property test: hostile strings everywhere data reaches the module (e-mails, names,
 * environment and application ids as keys, native field names and values, note texts, ids),
 * the module generated, compiled strictly with the TypeScript compiler API as a user's
 * program, its statements compared with a benign module's, then run against a recording stand-in
 * of the package: every resource gets exactly the values that went in.
 */
import fc from "fast-check";
import ts from "typescript";
import { afterAll, describe, expect, it } from "vitest";
import { generateModule } from "../../../../cli/adopt/codegen";
import type { AdoptedMember, AdoptedPerson, Adoption } from "../../../../cli/adopt/model";
import { typeErrorsOffThread, userProject } from "./compile";

const none = { user: new Set<string>(), person: new Set<string>(), note: new Set<string>() };
const header = { command: "pulumi-rollout-crm adopt x --stack dev", stack: "dev", skipped: 0 };

/** Strings an attacker would try: code, comment and string terminators, separators, bidi, lone surrogates, Object's members. */
const TRICKS = [
  '"); globalThis.pwned = 1; ("',
  "'; process.exit(3); '",
  "*/ process.exit(4); /*",
  "\n process.exit(5); //",
  "${process.exit(6)}",
  "`",
  "\\",
  "\\u0022",
  "\u2028process.exit(7)\u2029",
  "\u202e\u2066evil\u2069\u202c",
  "\x1b[2J\r\x00\x7f\x85",
  "\ud800",
  "\udfff",
  "\ufeff",
  "__proto__",
  ...Object.getOwnPropertyNames(Object.prototype),
];
const hostile = fc.oneof(fc.constantFrom(...TRICKS), fc.string({ unit: "binary", maxLength: 12 }), fc.string({ unit: fc.constantFrom(...TRICKS), maxLength: 3 }));
const permission = fc.constantFrom("read" as const, "write" as const);

const member: fc.Arbitrary<AdoptedMember> = fc.record(
  {
    email: hostile,
    name: hostile,
    teamAdmin: fc.constant(true),
    applications: fc.dictionary(hostile, fc.record({ environments: fc.dictionary(hostile, permission, { maxKeys: 4 }) }), { maxKeys: 2 }),
  },
  { requiredKeys: ["email"] },
);
const rollout: fc.Arbitrary<Adoption> = fc
  .uniqueArray(member, { selector: (m) => m.email, maxLength: 4 })
  .map((members) => ({ service: "rollout", members }));

const jsonish = fc.oneof(hostile, fc.integer(), fc.boolean(), fc.array(hostile, { maxLength: 3 }), fc.dictionary(hostile, hostile, { maxKeys: 3 }));
// Each CRM's type: Outseta requires its one e-mail and knows two phone kinds; RogerRoger requires familyName.
const person = (service: "outseta" | "rogerroger"): fc.Arbitrary<AdoptedPerson> =>
  fc.record({
    id: hostile,
    model: fc.record(
      {
        givenName: hostile,
        familyName: hostile,
        emails: fc.tuple(hostile),
        jobTitle: hostile,
        phones: fc.array(fc.record({ number: hostile, type: service === "outseta" ? fc.constantFrom("mobile", "work") : hostile }), { maxLength: 2 }),
        address: fc.record({ street: hostile, country: hostile }),
        fields: fc.dictionary(hostile, jsonish, { maxKeys: 3 }),
      },
      { requiredKeys: [service === "outseta" ? "emails" : "familyName"] },
    ),
    notes: service === "rogerroger" ? fc.array(fc.record({ id: hostile, personId: fc.constant(""), fields: fc.record({ title: hostile, description: hostile, flagged: fc.boolean() }, { requiredKeys: [] }) }), { maxLength: 2 }) : fc.constant([]),
  });
const crm = (service: "outseta" | "rogerroger"): fc.Arbitrary<Adoption> =>
  fc.uniqueArray(person(service), { selector: (p) => p.id, maxLength: 3 }).map((people) => ({
    service,
    // Outseta's type has no notes and the open native fields; RogerRoger's natives are a closed set.
    people: people.map((p, i) => ({
      ...p,
      notes: p.notes.map((n, j) => ({ ...n, id: `${n.id}#${i}.${j}`, personId: p.id })),
      model: service === "rogerroger" ? { ...p.model, fields: undefined } : p.model,
    })),
    notesOnManagedPeople: [],
  }));

/** The resources a module declares, from running it against a stand-in of the package. */
function run(module: string): Array<{ type: string; name: string; args: Record<string, unknown> }> {
  const made: Array<{ type: string; name: string; args: Record<string, unknown> }> = [];
  const recorder = (type: string) =>
    class {
      readonly id: string;
      constructor(name: string, args: Record<string, unknown>) {
        made.push({ type, name, args });
        this.id = `<id of ${name}>`;
      }
    };
  const pkg = { RolloutUser: recorder("RolloutUser"), CrmPerson: recorder("CrmPerson"), PersonNote: recorder("PersonNote") };
  const js = ts.transpileModule(module, { compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2020 } }).outputText;
  const fakeRequire = (name: string) => {
    if (name !== "pulumi-rollout-crm") throw new Error(`the module required ${name}`);
    return pkg;
  };
  // eslint-disable-next-line no-new-func
  new Function("require", "exports", "module", js)(fakeRequire, {}, { exports: {} });
  return made;
}

/** What each resource must receive, keyed by importId. */
function expected(adoption: Adoption): Map<string, Record<string, unknown>> {
  const out = new Map<string, Record<string, unknown>>();
  if (adoption.service === "rollout") {
    for (const m of adoption.members) out.set(`RolloutUser ${m.email}`, { ...m, importId: m.email });
    return out;
  }
  for (const p of adoption.people) {
    const model = Object.fromEntries(Object.entries(p.model).filter(([, v]) => v !== undefined));
    if (model.fields && Object.keys(model.fields).length === 0) delete model.fields;
    out.set(`CrmPerson ${p.id}`, { crm: adoption.service, ...model, importId: p.id });
    for (const n of p.notes) out.set(`PersonNote ${n.id}`, { ...n.fields, personId: "<id of>", importId: n.id });
  }
  return out;
}

const statementKinds = (module: string): string[] =>
  ts.createSourceFile("m.ts", module, ts.ScriptTarget.Latest, false, ts.ScriptKind.TS).statements.map((s) => ts.SyntaxKind[s.kind]);

describe("adopt: no value can change what the module does", () => {
  const projects: Array<{ dispose(): void }> = [];
  afterAll(() => projects.forEach((p) => p.dispose()));

  it("hostile values: the same statements as a benign module, every value back as it went in, and tsc --strict is clean", async () => {
    const samples: Adoption[] = [
      ...fc.sample(rollout, { numRuns: 30, seed: 22 }),
      ...fc.sample(crm("outseta"), { numRuns: 20, seed: 23 }),
      ...fc.sample(crm("rogerroger"), { numRuns: 20, seed: 24 }),
    ];
    const modules: Record<string, string> = {};
    samples.forEach((adoption, i) => {
      const module = generateModule(adoption, none, header);
      const benign = generateModule(
        adoption.service === "rollout"
          ? { service: "rollout", members: adoption.members.map((_, k) => ({ email: `m${k}@example.com` })) }
          : { ...adoption, people: adoption.people.map((p, k) => ({ id: `${k}`, model: { familyName: "F" }, notes: p.notes.map((n, j) => ({ ...n, id: `${k}-${j}`, fields: {} })) })) },
        none,
        header,
      );
      expect(statementKinds(module), `sample ${i}`).toEqual(statementKinds(benign));
      const made = run(module);
      const want = expected(adoption);
      expect(made.length, `sample ${i}`).toBe(want.size);
      for (const { type, args } of made) {
        const got = { ...args, ...(type === "PersonNote" ? { personId: "<id of>" } : {}) };
        expect(got, `sample ${i}: ${type}`).toEqual(want.get(`${type} ${String(args.importId)}`));
      }
      modules[`m${i}.ts`] = module;
    });
    const index = `${Object.keys(modules)
      .map((f) => `import "./${f.replace(/\.ts$/, "")}";`)
      .join("\n")}\n`;
    const project = userProject({ ...modules, "index.ts": index });
    projects.push(project);
    expect(await typeErrorsOffThread(project.dir)).toBe("");
  }, 600_000);
});
