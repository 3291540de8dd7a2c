/**
 * RFC 6902 JSON Patch, applied atomically: the patch runs on a deep copy, so a failing
 * operation (a `test` that does not match, a path that does not exist) leaves the stored
 * record untouched, as section 5 of the RFC requires ("the entire patch document SHALL NOT
 * be deemed successful").
 *
 * Why not fast-json-patch's `applyPatch`: the provider builds its patches with
 * fast-json-patch, and an emulator that applied them with the same library would share its
 * leniencies and could never catch them. Checked against 3.1.1 with validation on: it
 * accepts escapes other than `~0`/`~1` (`/~2`, `/~`), lets `remove` of the whole document
 * through (the result is null), and answers a `move` into the moved value's own child with
 * a TypeError rather than a patch error. This applier is strict to RFC 6902 and RFC 6901.
 */
import { hasOwn, isPlainObject, jsonEqual, setOwn } from "./body";

export class JsonPatchError extends Error {
  /** Index of the failing operation in the patch document, or -1 for the document itself. */
  constructor(
    message: string,
    readonly operationIndex: number,
  ) {
    super(message);
  }
}

type Container = Record<string, unknown> | unknown[];

/** Applies `patch` to a copy of `document` and returns the copy; throws JsonPatchError. */
export function applyJsonPatch(document: unknown, patch: unknown): unknown {
  if (!Array.isArray(patch)) {
    throw new JsonPatchError("A JSON Patch document must be a JSON array of operations", -1);
  }
  let doc = structuredClone(document);
  patch.forEach((operation, index) => {
    try {
      doc = applyOperation(doc, operation);
    } catch (error) {
      if (!(error instanceof PatchFailure)) throw error;
      throw new JsonPatchError(`Operation ${index}: ${error.message}`, index);
    }
  });
  return doc;
}

/** Internal failure of one operation; the caller adds the operation's index. */
class PatchFailure extends Error {}

function fail(message: string): never {
  throw new PatchFailure(message);
}

function applyOperation(doc: unknown, operation: unknown): unknown {
  if (!isPlainObject(operation)) fail("each operation must be a JSON object");
  const op = operation.op;
  if (typeof op !== "string") fail('"op" is required and must be a string');
  const path = pointer(operation, "path");
  const needValue = (): unknown => {
    // "value" may legitimately be null, so presence is what counts (RFC 6902 4.1, 4.3, 4.6).
    if (!hasOwn(operation, "value")) fail(`"${op}" requires a "value" member`);
    return structuredClone(operation.value);
  };
  switch (op) {
    case "add":
      return add(doc, path, needValue());
    case "remove":
      return remove(doc, path);
    case "replace": {
      const value = needValue();
      if (path.length === 0) return value;
      lookup(doc, path);
      return set(doc, path, value);
    }
    case "move": {
      const from = pointer(operation, "from");
      // RFC 6902 4.4: "from" MUST NOT be a proper prefix of "path" (no moving into oneself).
      if (from.length < path.length && from.every((token, i) => token === path[i])) {
        fail('"from" must not be a proper prefix of "path"');
      }
      const value = lookup(doc, from);
      return add(remove(doc, from), path, value);
    }
    case "copy": {
      const value = structuredClone(lookup(doc, pointer(operation, "from")));
      return add(doc, path, value);
    }
    case "test": {
      const expected = needValue();
      if (!jsonEqual(lookup(doc, path), expected)) fail(`test failed at "${operation.path as string}"`);
      return doc;
    }
    default:
      return fail(`unknown op "${op}"`);
  }
}

/** Parses the member `name` of an operation as an RFC 6901 JSON Pointer into reference tokens. */
function pointer(operation: Record<string, unknown>, name: "path" | "from"): string[] {
  const raw = operation[name];
  if (typeof raw !== "string") fail(`"${name}" is required and must be a string`);
  if (raw === "") return [];
  if (!raw.startsWith("/")) fail(`"${name}" must be a JSON Pointer starting with "/"`);
  return raw
    .slice(1)
    .split("/")
    .map((token) => {
      // RFC 6901 section 3: "~" is only valid as "~0" or "~1"; decode "~1" before "~0".
      if (/~(?![01])/.test(token)) fail(`invalid escape in "${raw}"`);
      return token.replace(/~1/g, "/").replace(/~0/g, "~");
    });
}

/** RFC 6901 section 4: array indexes are decimal without leading zeros. */
function arrayIndex(token: string, length: number, allowEnd: boolean): number {
  if (allowEnd && token === "-") return length;
  if (!/^(0|[1-9][0-9]*)$/.test(token)) fail(`"${token}" is not an array index`);
  const index = Number(token);
  if (index > length || (!allowEnd && index === length)) fail(`array index ${index} is out of bounds`);
  return index;
}

function lookup(doc: unknown, tokens: readonly string[]): unknown {
  let current = doc;
  for (const token of tokens) {
    if (Array.isArray(current)) {
      current = current[arrayIndex(token, current.length, false)];
    } else if (isPlainObject(current) && hasOwn(current, token)) {
      current = current[token];
    } else {
      fail(`path "/${tokens.join("/")}" does not exist`);
    }
  }
  return current;
}

function parentOf(doc: unknown, tokens: readonly string[]): Container {
  const parent = lookup(doc, tokens.slice(0, -1));
  if (!Array.isArray(parent) && !isPlainObject(parent)) {
    fail(`the parent of "/${tokens.join("/")}" is not an object or array`);
  }
  return parent;
}

function add(doc: unknown, tokens: readonly string[], value: unknown): unknown {
  if (tokens.length === 0) return value;
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, true), 0, value);
  else setOwn(parent, last, value);
  return doc;
}

function set(doc: unknown, tokens: readonly string[], value: unknown): unknown {
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent[arrayIndex(last, parent.length, false)] = value;
  else setOwn(parent, last, value);
  return doc;
}

function remove(doc: unknown, tokens: readonly string[]): unknown {
  if (tokens.length === 0) fail("the whole document cannot be removed");
  lookup(doc, tokens);
  const parent = parentOf(doc, tokens);
  const last = tokens[tokens.length - 1];
  if (Array.isArray(parent)) parent.splice(arrayIndex(last, parent.length, false), 1);
  else delete parent[last];
  return doc;
}
