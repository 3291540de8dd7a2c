/**
 * What a module `adopt` wrote earlier declares, read back so that `adopt --out FILE --force`
 * keeps it. Without this a re-run wrote only the records that were new since, over the file
 * that declared the others, and the next `up` deleted those (issue 22, item 7).
 *
 * The file is parsed, never run: TypeScript's parser finds the entry lists, and each entry
 * must be plain data (literals, as adopt writes them). Anything adopt cannot carry over
 * exactly (an entry built from a variable, a statement adopt does not write) makes the
 * re-run refuse and say where, rather than drop it.
 */
import { readFileSync } from "node:fs";
import type ts from "typescript";
import type { PersonModel } from "../../provider/crm/types";
import type { CrmName } from "../../provider/services";
import { crmPresentation, isCrm, type MemberServiceName } from "../services";
import type { AdoptedMember, AdoptedNote, AdoptedPerson, AdoptService } from "./model";

/** Thrown when the existing module cannot be kept as it is; the message names the file and the place. */
export class ExistingModuleError extends Error {}

/** The entries of an existing module, each with the resource name it fixed. */
export type Declared =
  | { service: MemberServiceName; members: Array<AdoptedMember & { resource: string }> }
  | { service: CrmName; people: Array<AdoptedPerson & { resource: string }>; notesOnManagedPeople: Array<AdoptedNote & { resource: string }> };

/** The list names adopt writes per service, and the other top-level names of its modules. */
function names(service: AdoptService): { lists: string[]; others: string[] } {
  if (!isCrm(service)) return { lists: ["adoptedMembers"], others: ["adoptedUsers"] };
  const x = crmPresentation(service).exportName;
  return { lists: [`adopted${x}People`, `adopted${x}NotesOnManagedPeople`], others: [`adopted${x}Persons`, `adopted${x}Notes`] };
}

type Json = string | number | boolean | null | Json[] | { [key: string]: Json };

/** The data a literal expression stands for; anything else is refused, naming its line. */
function literal(t: typeof ts, node: ts.Expression, where: (n: ts.Node) => string): Json {
  if (t.isParenthesizedExpression(node) || t.isAsExpression(node) || t.isSatisfiesExpression(node)) return literal(t, node.expression, where);
  if (t.isStringLiteral(node) || t.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (t.isNumericLiteral(node)) return Number(node.text);
  if (t.isPrefixUnaryExpression(node) && node.operator === t.SyntaxKind.MinusToken && t.isNumericLiteral(node.operand)) return -Number(node.operand.text);
  if (node.kind === t.SyntaxKind.TrueKeyword) return true;
  if (node.kind === t.SyntaxKind.FalseKeyword) return false;
  if (node.kind === t.SyntaxKind.NullKeyword) return null;
  if (t.isArrayLiteralExpression(node)) return node.elements.map((e) => literal(t, e, where));
  if (t.isObjectLiteralExpression(node)) {
    const out: { [key: string]: Json } = {};
    for (const p of node.properties) {
      if (!t.isPropertyAssignment(p)) throw new ExistingModuleError(`${where(p)}: not plain data (adopt keeps only literal entries)`);
      const name = t.isComputedPropertyName(p.name) ? literal(t, p.name.expression, where) : t.isIdentifier(p.name) || t.isStringLiteral(p.name) || t.isNumericLiteral(p.name) ? p.name.text : undefined;
      if (typeof name !== "string") throw new ExistingModuleError(`${where(p)}: a property name adopt cannot read`);
      // An own property even for `__proto__`, as the module declares it.
      Object.defineProperty(out, name, { value: literal(t, p.initializer, where), enumerable: true, writable: true, configurable: true });
    }
    return out;
  }
  throw new ExistingModuleError(`${where(node)}: not plain data (adopt keeps only literal entries)`);
}

const isObject = (v: Json | undefined): v is { [key: string]: Json } => typeof v === "object" && v !== null && !Array.isArray(v);

/** One entry's `resource` and the string property `idKey` of `of` (the entry itself or a part of it). */
function named(entry: Json, idKey: string, part: string | undefined, at: string): { resource: string; id: string; body: { [key: string]: Json } } {
  const body = isObject(entry) && part !== undefined ? entry[part] : entry;
  const id = isObject(body) ? body[idKey] : undefined;
  if (!isObject(entry) || typeof entry.resource !== "string" || !isObject(body) || typeof id !== "string") {
    throw new ExistingModuleError(`${at}: an entry without the ${["resource", part ? `${part}.${idKey}` : idKey].join(" and ")} adopt wrote`);
  }
  return { resource: entry.resource, id, body };
}

/**
 * TypeScript's parser reads an existing module as data (it is never run). It is not a dependency
 * of the package: a Pulumi TypeScript project has it, and only a re-run of adopt needs it.
 * (Declared as an optional peer, npm's resolution of the SDK's own optional TypeScript peer
 * failed with ERESOLVE in a new project.)
 */
async function loadTypeScript(shownAs: string): Promise<typeof ts> {
  try {
    return (await import("typescript")).default;
  } catch {
    throw new ExistingModuleError(`--out ${shownAs} exists, and keeping its entries needs the 'typescript' package to read it: npm install --save-dev typescript`);
  }
}

/** Reads the module at `file` for `service`; throws ExistingModuleError when it cannot be kept whole. */
export async function readDeclared(file: string, service: AdoptService, shownAs: string): Promise<Declared> {
  const t = await loadTypeScript(shownAs);
  const source = t.createSourceFile(file, readFileSync(file, "utf8"), t.ScriptTarget.Latest, true, t.ScriptKind.TS);
  const where = (n: ts.Node) => `--out ${shownAs} line ${source.getLineAndCharacterOfPosition(n.getStart(source)).line + 1}`;
  const { lists, others } = names(service);
  const found = new Map<string, Json[]>();
  for (const statement of source.statements) {
    if (t.isImportDeclaration(statement) || t.isInterfaceDeclaration(statement) || t.isTypeAliasDeclaration(statement) || t.isForOfStatement(statement)) continue;
    if (t.isVariableStatement(statement)) {
      for (const d of statement.declarationList.declarations) {
        const name = t.isIdentifier(d.name) ? d.name.text : "";
        if (others.includes(name)) continue;
        if (!lists.includes(name) || !d.initializer) throw new ExistingModuleError(`${where(d)}: '${name}' is not a list adopt ${service} writes; keeping the file whole needs a merge by hand`);
        const value = literal(t, d.initializer, where);
        if (!Array.isArray(value)) throw new ExistingModuleError(`${where(d)}: '${name}' is not a list`);
        found.set(name, value);
      }
      continue;
    }
    throw new ExistingModuleError(`${where(statement)}: code adopt does not write; keeping the file whole needs a merge by hand`);
  }
  if (!found.has(lists[0])) {
    throw new ExistingModuleError(`--out ${shownAs} exists but has no '${lists[0]}' list: it is not a module \`adopt ${service}\` wrote, and overwriting it would drop what it declares (delete it first, or choose another --out)`);
  }
  const entries = (name: string) => (found.get(name) ?? []).map((e, i) => ({ e, at: `--out ${shownAs}: ${name}[${i}]` }));
  if (!isCrm(service)) {
    return { service, members: entries(lists[0]).map(({ e, at }) => ({ ...(named(e, "email", "member", at).body as unknown as AdoptedMember), resource: named(e, "email", "member", at).resource })) };
  }
  const people = entries(lists[0]).map(({ e, at }) => {
    const { resource, id } = named(e, "id", undefined, at);
    const entry = e as { [key: string]: Json };
    if (!isObject(entry.person)) throw new ExistingModuleError(`${at}: an entry without the person adopt wrote`);
    const notes = Array.isArray(entry.notes) ? entry.notes : [];
    return {
      resource,
      id,
      model: entry.person as PersonModel,
      notes: notes.map((n, k) => {
        const note = named(n, "id", undefined, `${at}.notes[${k}]`);
        return { resource: note.resource, id: note.id, personId: id, fields: ((n as { [key: string]: Json }).note ?? {}) as AdoptedNote["fields"] };
      }),
    };
  });
  const notesOnManagedPeople = entries(lists[1]).map(({ e, at }) => {
    const { resource, id, body } = named(e, "id", undefined, at);
    if (typeof body.personId !== "string") throw new ExistingModuleError(`${at}: a note without the personId adopt wrote`);
    return { resource, id, personId: body.personId, fields: (body.note ?? {}) as AdoptedNote["fields"] };
  });
  return { service, people, notesOnManagedPeople };
}
